using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.History;

namespace PromoScaler.Daemon.History;

/// <summary>
/// The recent decisions of every policy, a bounded ring per policy (oldest dropped first), in decision order, kept
/// packed (<see cref="PolicyHistory"/>): a few bytes per decision, rebuilt into records when read. The evaluation
/// loop records; the API reads; the daemon persists <see cref="Recent"/> so a restart keeps the last hours.
/// </summary>
public sealed class DecisionLog : IDecisionHistory
{
    private readonly ConcurrentDictionary<string, PolicyHistory> _rings = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public DecisionLog(IOptions<AdminApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.HistoryCapacity;
    }

    /// <summary>Appends <paramref name="record"/> to <paramref name="policy"/>'s ring.</summary>
    public void Record(string policy, DecisionRecord record) => _rings.GetOrAdd(policy, _ => new PolicyHistory(_capacity)).Add(record);

    /// <summary>The last decision of <paramref name="policy"/>; null before the first.</summary>
    public DecisionRecord? Latest(string policy) => _rings.TryGetValue(policy, out var ring) ? ring.Latest : null;

    /// <summary>Decisions of <paramref name="policy"/> with <paramref name="from"/> &lt;= at &lt;= <paramref name="until"/>, oldest first.</summary>
    public IReadOnlyList<DecisionRecord> Range(string policy, DateTimeOffset? from, DateTimeOffset? until) =>
        _rings.TryGetValue(policy, out var ring)
            ? ring.Items(fromTicks: from?.UtcTicks ?? long.MinValue, untilTicks: until?.UtcTicks ?? long.MaxValue)
            : [];

    /// <summary>Every ring, oldest first, for persistence.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DecisionRecord>> Snapshot() =>
        _rings.ToDictionary(p => p.Key, p => (IReadOnlyList<DecisionRecord>)p.Value.Items(), StringComparer.Ordinal);

    /// <summary>
    /// The newest <paramref name="count"/> decisions of each policy, oldest first: what the state document keeps,
    /// copied without copying whole rings.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DecisionRecord>> Recent(int count) =>
        _rings.ToDictionary(p => p.Key, p => (IReadOnlyList<DecisionRecord>)p.Value.Items(count), StringComparer.Ordinal);

    /// <summary>Replaces every ring with what was persisted (newest <c>HistoryCapacity</c> kept).</summary>
    public void Restore(IReadOnlyDictionary<string, IReadOnlyList<DecisionRecord>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _rings.Clear();
        foreach (var (policy, records) in history)
        {
            var ring = new PolicyHistory(_capacity);
            foreach (var record in records.OrderBy(r => r.At))
            {
                ring.Add(record);
            }

            _rings[policy] = ring;
        }
    }

    /// <summary>Forgets the policies not in <paramref name="keep"/> (removed from the catalog).</summary>
    public void Retain(IReadOnlyCollection<string> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        foreach (var name in _rings.Keys.Where(n => !keep.Contains(n)).ToList())
        {
            _rings.TryRemove(name, out _);
        }
    }

    /// <summary>The newest decisions of each policy that keep their full explanation: 10.</summary>
    public const int ExplainedRecords = 10;

    /// <summary>How many of the newest decisions keep the steps the console's chart draws (6 h at a one-minute interval, 90 min at 15 s).</summary>
    public const int ChartedRecords = 360;

    /// <summary>Bytes the packed rings have allocated, summed over policies (what the decision history costs).</summary>
    public long Allocated => _rings.Values.Sum(r => (long)r.Allocated);
}
