using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Ports;

/// <summary>The policies the daemon runs now, as the admin API shows them. The daemon implements it over its catalog.</summary>
public interface IPolicySource
{
    /// <summary>Every policy in force, by name.</summary>
    IReadOnlyList<PolicyEntry> Policies();

    /// <summary>The policy named <paramref name="name"/>; null when there is none.</summary>
    PolicyEntry? Find(string name);
}

/// <summary>One policy in force and what is wrong with it now.</summary>
/// <param name="Policy">The policy as loaded (declared pre-warms only; runtime ones are operator intent).</param>
/// <param name="Degraded">Why it does not work fully now (target unreachable, forecast not ready, ...); empty when healthy.</param>
public sealed record PolicyEntry(ScalingPolicy Policy, IReadOnlyList<string> Degraded);
