using PromoScaler.Admin.Ports;
using PromoScaler.Daemon.Evaluation;

namespace PromoScaler.Daemon.Admin;

/// <summary>The policies the loop evaluates now, with what is wrong with each since its last tick.</summary>
internal sealed class RuntimePolicySource(EvaluationLoop loop) : IPolicySource
{
    public IReadOnlyList<PolicyEntry> Policies() => [.. loop.Runtimes().Select(Entry)];

    public PolicyEntry? Find(string name) => loop.Runtimes().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal)) is { } runtime
        ? Entry(runtime)
        : null;

    private static PolicyEntry Entry(PolicyRuntime runtime)
    {
        var degraded = new List<string>(2);
        if (runtime.TargetProblem is { } target)
        {
            degraded.Add(target);
        }

        if (runtime.LastProblem is { } last && !string.Equals(last, runtime.TargetProblem, StringComparison.Ordinal))
        {
            degraded.Add(last);
        }

        return new PolicyEntry(runtime.Policy, degraded);
    }
}
