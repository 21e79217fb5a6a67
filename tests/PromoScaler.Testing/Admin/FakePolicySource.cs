using System.Collections.Concurrent;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.Policies;

namespace PromoScaler.Testing.Admin;

/// <summary>A policy catalog a test fills directly.</summary>
public sealed class FakePolicySource : IPolicySource
{
    private readonly ConcurrentDictionary<string, PolicyEntry> _entries = new(StringComparer.Ordinal);

    public void Add(ScalingPolicy policy, params string[] degraded) => _entries[policy.Name] = new PolicyEntry(policy, degraded);

    public IReadOnlyList<PolicyEntry> Policies() => _entries.Values.OrderBy(e => e.Policy.Name, StringComparer.Ordinal).ToList();

    public PolicyEntry? Find(string name) => _entries.GetValueOrDefault(name);
}
