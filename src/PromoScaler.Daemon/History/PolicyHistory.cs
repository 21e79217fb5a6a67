using PromoScaler.Core.Engine;
using PromoScaler.Core.History;

namespace PromoScaler.Daemon.History;

/// <summary>
/// One policy's bounded ring of decisions, packed: the newest <see cref="DecisionLog.ExplainedRecords"/> with their
/// whole explanation, the next ones up to <see cref="DecisionLog.ChartedRecords"/> with the steps the console's chart
/// draws, the oldest with their numbers only. A decision moves down a tier as it ages, losing what the next tier
/// does not keep. Full rings cost about 30 KB a policy instead of 210 KB of objects; records are rebuilt when read.
/// </summary>
internal sealed class PolicyHistory
{
    private readonly Lock _lock = new();
    private readonly PackedTier[] _tiers;
    private readonly SubjectTable _subjects = new();
    private readonly EntryWriter _scratch = new();
    private DecisionRecord? _latest;

    public PolicyHistory(int capacity)
    {
        var explained = Math.Min(capacity, DecisionLog.ExplainedRecords);
        var charted = Math.Max(0, Math.Min(capacity, DecisionLog.ChartedRecords) - explained);
        // Oldest first: numbers only, charted steps, whole explanation.
        _tiers = [new PackedTier(capacity - explained - charted), new PackedTier(charted), new PackedTier(explained)];
    }

    /// <summary>The newest decision as it was recorded (kept whole: status asks for it on every call).</summary>
    public DecisionRecord? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Bytes the packed tiers have allocated.</summary>
    public int Allocated
    {
        get
        {
            lock (_lock)
            {
                return _tiers.Sum(t => t.Allocated);
            }
        }
    }

    public void Add(DecisionRecord record)
    {
        lock (_lock)
        {
            _latest = record;
            var moving = record;
            for (var tier = _tiers.Length - 1; tier >= 0; tier--)
            {
                var packed = _tiers[tier];
                if (packed.Capacity == 0)
                {
                    continue;
                }

                packed.Push(_scratch, moving, StepsKept(tier, moving.Explanation), _subjects);
                if (packed.Count <= packed.Capacity)
                {
                    return;
                }

                moving = packed.Pop(_subjects);
            }
        }
    }

    /// <summary>The newest <paramref name="max"/> decisions with <paramref name="fromTicks"/> &lt;= at &lt;= <paramref name="untilTicks"/> (UTC ticks), oldest first.</summary>
    public List<DecisionRecord> Items(int max = int.MaxValue, long fromTicks = long.MinValue, long untilTicks = long.MaxValue)
    {
        lock (_lock)
        {
            var total = _tiers.Sum(t => t.Count);
            var skip = total - Math.Min(total, Math.Max(0, max));
            var items = new List<DecisionRecord>(total - skip);
            foreach (var tier in _tiers)
            {
                if (skip >= tier.Count)
                {
                    skip -= tier.Count;
                    continue;
                }

                tier.DecodeInto(items, skip, fromTicks, untilTicks, _subjects);
                skip = 0;
            }

            return items;
        }
    }

    // Tier 2 keeps every step, tier 1 the charted ones, tier 0 none.
    private static IReadOnlyList<ExplanationStep> StepsKept(int tier, IReadOnlyList<ExplanationStep> explanation) => tier switch
    {
        2 => explanation,
        1 => explanation.All(ChartedSteps.Keeps) ? explanation : ChartedSteps.Of(explanation),
        _ => [],
    };
}
