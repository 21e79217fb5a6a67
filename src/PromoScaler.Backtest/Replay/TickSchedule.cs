using System.Collections;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// When the replay decides (spec "Backtest model", ticks), as the daemon does: once at <c>from</c> (the daemon's
/// first tick, at once when it starts), then at the policy's interval slots, <c>phase + k x interval</c> on the UTC
/// grid (<see cref="Cadence.PhaseOf"/>, the daemon's stable per-policy phase), and at every window edge
/// (<see cref="Cadence.Edges"/>: pre-warm edges, a VM group's node pre-warms, freeze edges). Ascending and distinct.
/// The follow-ups of limited steps are added as the replay goes (<see cref="ReplayClock"/>).
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

    private TickSchedule(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to, TimeSpan phase)
    {
        _edges = Cadence.Edges(policy, from, to);
        _from = from;
        _to = to;
        _interval = policy.Spec.Interval;
        Phase = phase;
        var count = 0;
        foreach (var _ in this)
        {
            count++;
        }

        Count = count;
    }

    /// <summary>How many ticks the schedule has.</summary>
    public int Count { get; }

    /// <summary>Where the regular ticks fall within the interval, on the UTC grid.</summary>
    public TimeSpan Phase { get; }

    /// <summary>The schedule of <paramref name="policy"/> over [<paramref name="from"/>, <paramref name="to"/>), at the daemon's phase of the policy.</summary>
    public static TickSchedule For(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to) =>
        new(policy, from, to, Cadence.PhaseOf(policy.Name, policy.Spec.Interval));

    /// <summary>
    /// The schedule of a controller that syncs every interval counted from <paramref name="from"/> (the simulated HPA
    /// of the baselines: its sync loop knows nothing of PromoScaler's phases).
    /// </summary>
    public static TickSchedule FromStart(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to) =>
        new(policy, from, to, TimeSpan.FromTicks(from.UtcTicks % policy.Spec.Interval.Ticks));

    /// <summary>The ticks as a list (for tests and small ranges).</summary>
    public static List<DateTimeOffset> Build(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to) => [.. For(policy, from, to)];

    /// <summary>The first regular tick after <paramref name="t"/>.</summary>
    public DateTimeOffset SlotAfter(DateTimeOffset t) => Cadence.SlotAfter(t, Phase, _interval);

    public IEnumerator<DateTimeOffset> GetEnumerator()
    {
        var e = 0;
        for (var t = _from; t < _to; t = SlotAfter(t))
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
