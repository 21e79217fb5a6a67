using System.Collections;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// The replay's ticks as the daemon's scheduler would run them: the <see cref="TickSchedule"/> (<c>from</c>, then
/// the interval slots at the policy's phase, window edges), plus a follow-up after each decision the step policies
/// limited, once the limit can allow more and before the next regular tick (<see cref="Cadence.FollowUpAt"/>).
/// Enumerated lazily: a decision handed to <see cref="Decided"/> shapes the ticks after it.
/// </summary>
internal sealed class ReplayClock : IEnumerable<DateTimeOffset>
{
    private readonly TickSchedule _schedule;
    private readonly DateTimeOffset _to;
    private DateTimeOffset? _followUp;

    /// <summary>The daemon's ticks of <paramref name="policy"/> (<see cref="TickSchedule.For"/>), or with
    /// <paramref name="fromStart"/> those of a controller syncing from <paramref name="from"/> (the HPA baselines).</summary>
    public ReplayClock(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to, bool fromStart = false)
    {
        _schedule = fromStart ? TickSchedule.FromStart(policy, from, to) : TickSchedule.For(policy, from, to);
        _to = to;
    }

    /// <summary>The scheduled ticks (follow-ups come on top).</summary>
    public int Count => _schedule.Count;

    /// <summary>The decision taken at <paramref name="t"/>: a limited step asks for a follow-up.</summary>
    public void Decided(ScalingPolicy policy, DateTimeOffset t, Decision decision)
    {
        var nextRegular = _schedule.SlotAfter(t);
        if (Cadence.FollowUpAt(policy, t, decision) is { } at && at < nextRegular && at < _to && (_followUp is null || at < _followUp))
        {
            _followUp = at;
        }
    }

    public IEnumerator<DateTimeOffset> GetEnumerator()
    {
        using var ticks = _schedule.GetEnumerator();
        var more = ticks.MoveNext();
        while (more || _followUp is not null)
        {
            DateTimeOffset t;
            if (_followUp is { } f && (!more || f < ticks.Current))
            {
                t = f;
            }
            else
            {
                t = ticks.Current;
                more = ticks.MoveNext();
            }

            if (_followUp <= t)
            {
                _followUp = null;
            }

            yield return t;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
