using PromoScaler.Admin.Ports;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Evaluation;

namespace PromoScaler.Daemon.Admin;

/// <summary>
/// The policies the loop evaluates now, with what is wrong with each. Every entry of <c>degraded</c> starts with the
/// failing part (<c>target</c>, <c>metrics</c>, <c>write</c>, <c>reload</c>, <c>tick</c>), so status can name it:
/// the same failures <c>/readyz</c> reports for the daemon as a whole.
/// </summary>
internal sealed class RuntimePolicySource(EvaluationLoop loop, PolicyCatalog catalog) : IPolicySource
{
    public IReadOnlyList<PolicyEntry> Policies()
    {
        var rejection = catalog.LastRejection;
        return [.. loop.Runtimes().Select(r => Entry(r, rejection))];
    }

    public PolicyEntry? Find(string name) => loop.Runtimes().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal)) is { } runtime
        ? Entry(runtime, catalog.LastRejection)
        : null;

    private static PolicyEntry Entry(PolicySlot runtime, CatalogRejection? rejection)
    {
        var degraded = new List<string>(2);
        if (runtime.TargetProblem is { } target)
        {
            degraded.Add("target: " + target);
        }

        if (runtime.TargetReadProblem is { } read)
        {
            degraded.Add("target: " + read);
        }

        if (runtime.TickProblem is { } tick)
        {
            degraded.Add("tick: " + tick);
        }

        if (runtime.MetricProblem is { } metrics)
        {
            degraded.Add("metrics: " + metrics + "; capacity is held (no scale-down)");
        }

        if (runtime.WriteProblem is { } write)
        {
            degraded.Add("write: the target refused the last write: " + write);
        }

        if (rejection?.In(runtime.Policy.Origin.File) is { Count: > 0 } errors)
        {
            degraded.Add($"reload: the last edit of {runtime.Policy.Origin.File} was rejected at {rejection.At:yyyy-MM-dd HH:mm:ss}Z ({errors.Count} error(s), first: {errors[0]}); the last good version runs");
        }

        return new PolicyEntry(runtime.Policy, degraded);
    }
}
