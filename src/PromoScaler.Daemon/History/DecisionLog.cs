using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.History;

namespace PromoScaler.Daemon.History;

/// <summary>
/// The recent decisions of every policy, a bounded ring per policy (oldest dropped first), in decision order.
/// The evaluation loop records; the API reads; the daemon persists <see cref="Snapshot"/> so a restart keeps the
/// last hours.
/// </summary>
public sealed class DecisionLog : IDecisionHistory
{
    private readonly ConcurrentDictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public DecisionLog(IOptions<AdminApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.HistoryCapacity;
    }

    /// <summary>Appends <paramref name="record"/> to <paramref name="policy"/>'s ring.</summary>
    public void Record(string policy, DecisionRecord record) => _rings.GetOrAdd(policy, _ => new Ring(_capacity)).Add(record);

    /// <summary>The last decision of <paramref name="policy"/>; null before the first.</summary>
    public DecisionRecord? Latest(string policy) => _rings.TryGetValue(policy, out var ring) ? ring.Latest : null;

    /// <summary>Decisions of <paramref name="policy"/> with <paramref name="from"/> &lt;= at &lt;= <paramref name="until"/>, oldest first.</summary>
    public IReadOnlyList<DecisionRecord> Range(string policy, DateTimeOffset? from, DateTimeOffset? until) =>
        _rings.TryGetValue(policy, out var ring)
            ? ring.Items().Where(r => (from is null || r.At >= from) && (until is null || r.At <= until)).ToList()
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
            var ring = new Ring(_capacity);
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

    private sealed class Ring
    {
        private readonly DecisionRecord[] _items;
        private readonly Lock _lock = new();
        private int _next;
        private int _count;

        public Ring(int capacity) => _items = new DecisionRecord[capacity];

        public DecisionRecord? Latest
        {
            get
            {
                lock (_lock)
                {
                    return _count == 0 ? null : _items[(_next - 1 + _items.Length) % _items.Length];
                }
            }
        }

        public void Add(DecisionRecord record)
        {
            lock (_lock)
            {
                _items[_next] = record;
                // Older decisions keep their numbers and only the steps the console's chart draws (ready count,
                // metric values, forecast), not their explanation: a full explanation on every entry of every ring
                // would cost about a kilobyte per decision.
                if (_items.Length > ExplainedRecords && _count >= ExplainedRecords)
                {
                    var old = (_next - ExplainedRecords + _items.Length) % _items.Length;
                    if (_items[old].Explanation.Any(s => !ChartedSteps.Keeps(s)))
                    {
                        _items[old] = _items[old] with { Explanation = ChartedSteps.Of(_items[old].Explanation) };
                    }
                }

                // Past ChartedRecords the charted steps go too (about 200 bytes a decision, 300 MB over full rings at
                // 1,000 policies): the chart then shows current and desired, and demand as a gap.
                if (_items.Length > ChartedRecords && _count >= ChartedRecords)
                {
                    var older = (_next - ChartedRecords + _items.Length) % _items.Length;
                    if (_items[older].Explanation.Count > 0)
                    {
                        _items[older] = _items[older] with { Explanation = [] };
                    }
                }

                _next = (_next + 1) % _items.Length;
                _count = Math.Min(_count + 1, _items.Length);
            }
        }

        public DecisionRecord[] Items(int max = int.MaxValue)
        {
            lock (_lock)
            {
                var count = Math.Min(_count, Math.Max(0, max));
                var result = new DecisionRecord[count];
                var start = (_next - count + _items.Length) % _items.Length;
                for (var i = 0; i < count; i++)
                {
                    result[i] = _items[(start + i) % _items.Length];
                }

                return result;
            }
        }
    }
}
