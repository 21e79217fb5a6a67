using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>Finds the adapter for a policy's target among the registered <see cref="IScaleTargetProvider"/>s.</summary>
internal sealed class TargetResolver(IEnumerable<IScaleTargetProvider> providers)
{
    private readonly IScaleTargetProvider[] _providers = [.. providers];

    /// <summary>The adapter, or null with the reason.</summary>
    public IScaleTarget? Resolve(TargetRef target, out string? problem)
    {
        foreach (var provider in _providers)
        {
            if (provider.Serves(target))
            {
                problem = null;
                return provider.Create(target);
            }
        }

        problem = _providers.Length == 0
            ? $"no scale target adapter is registered (target {target})"
            : $"no registered scale target adapter serves {target.Kind} (target {target})";
        return null;
    }
}
