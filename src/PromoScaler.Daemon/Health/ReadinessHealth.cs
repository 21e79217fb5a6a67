using PromoScaler.Admin.Ports;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Sharding;

namespace PromoScaler.Daemon.Health;

/// <summary>
/// The admin API's view of the daemon's health: exactly what <c>/readyz</c> answers, and with sharding which replica
/// holds which shard (a shard without a holder is a warning: its policies are not evaluated until one takes it).
/// </summary>
internal sealed class ReadinessHealth(DaemonReadiness readiness, ILeadership leadership) : IDaemonHealth
{
    public (IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings) Now()
    {
        var warnings = readiness.Warnings();
        if (leadership is ShardedLeadership { IsLeader: not null } sharded && sharded.Orphans() is { Count: > 0 } orphans)
        {
            warnings = [.. warnings, $"shard(s) {string.Join(", ", orphans)} of {sharded.Shards} have no holder: their policies are not evaluated until a replica takes them"];
        }

        return (readiness.Problems(), warnings);
    }

    public IReadOnlyList<string> Notes() => leadership is ShardedLeadership sharded ? [sharded.Describe()] : [];
}
