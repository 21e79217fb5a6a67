using System.Collections;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// The replay's ticks as the daemon's scheduler would run them: the <see cref="TickSchedule"/> (interval from
/// <c>from</c>, window edges), plus a follow-up after each decision the step policies limited, once the limit can
/// allow more and before the next regular tick (<see cref="Cadence.FollowUpAt"/>). Enumerated lazily: a decision
/// handed to <see cref="Decided"/> shapes the ticks after it.
/// </summary>
internal sealed class ReplayClock : IEnumerable<DateTimeOffset>
{
    private readonly TickSchedule _schedule;
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;
    private readonly TimeSpan _interval;
    private DateTimeOffset? _followUp;

    public ReplayClock(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        _schedule = TickSchedule.For(policy, from, to);
        _from = from;
        _to = to;
        _interval = policy.Spec.Interval;
    }

    /// <summary>The scheduled ticks (follow-ups come on top).</summary>
    public int Count => _schedule.Count;

    /// <summary>The decision taken at <paramref name="t"/>: a limited step asks for a follow-up.</summary>
    public void Decided(ScalingPolicy policy, DateTimeOffset t, Decision decision)
    {
        var nextRegular = _from + (_interval * (((t - _from).Ticks / _interval.Ticks) + 1));
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
