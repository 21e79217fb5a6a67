using System.Collections;
using PromoScaler.Core.Runtime;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// When the replay decides (spec "Backtest model", ticks): at from + k x interval, and at every window edge
/// (<see cref="Cadence.Edges"/>: pre-warm edges, a VM group's node pre-warms, freeze edges), as the daemon does.
/// Ascending and distinct. The follow-ups of limited steps are added as the replay goes (<see cref="ReplayClock"/>).
/// </summary>
/// <remarks>
/// The ticks are generated as they are walked rather than kept in a list: a year at 15s is two million of them,
/// and each of a backtest's nineteen runs walks its own schedule.
/// </remarks>
internal sealed class TickSchedule : IEnumerable<DateTimeOffset>
{
    private readonly IReadOnlyList<DateTimeOffset> _edges;
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;
    private readonly TimeSpan _interval;

    private TickSchedule(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        _edges = Cadence.Edges(policy, from, to);
        _from = from;
        _to = to;
        _interval = policy.Spec.Interval;
        var count = 0;
        foreach (var _ in this)
        {
            count++;
        }

        Count = count;
    }

    /// <summary>How many ticks the schedule has.</summary>
    public int Count { get; }

    /// <summary>The schedule of <paramref name="policy"/> over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static TickSchedule For(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to) => new(policy, from, to);

    /// <summary>The ticks as a list (for tests and small ranges).</summary>
    public static List<DateTimeOffset> Build(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to) => [.. For(policy, from, to)];

    public IEnumerator<DateTimeOffset> GetEnumerator()
    {
        var e = 0;
        for (var t = _from; t < _to; t += _interval)
        {
            while (e < _edges.Count && _edges[e] < t)
            {
                yield return _edges[e++];
            }

            if (e < _edges.Count && _edges[e] == t)
            {
                e++;
            }

            yield return t;
        }

        while (e < _edges.Count)
        {
            yield return _edges[e++];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
