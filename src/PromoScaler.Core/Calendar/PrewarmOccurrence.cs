using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Calendar;

/// <summary>
/// One occurrence of a pre-warm window: active on [start - lead, start + hold + rampDown), at full floor until
/// start + hold, then falling linearly to nothing (spec: "Pre-warm windows").
/// </summary>
public readonly record struct PrewarmOccurrence(PrewarmWindow Window, DateTimeOffset Start)
{
    /// <summary>start - lead: the floor applies from here.</summary>
    public DateTimeOffset ActiveFrom => Start - Window.Lead;

    /// <summary>start + hold: the ramp-down begins here.</summary>
    public DateTimeOffset HoldEnd => Start + Window.Hold;

    /// <summary>start + hold + rampDown: the window is over (exclusive).</summary>
    public DateTimeOffset ActiveUntil => HoldEnd + Window.RampDown;

    public bool IsActiveAt(DateTimeOffset t) => t >= ActiveFrom && t < ActiveUntil;

    /// <summary>
    /// The share of the full floor in force at <paramref name="t"/>: 1 on [start - lead, start + hold), then
    /// 1 - (t - start - hold) / rampDown, and 0 outside the window. The engine takes ceil(F x share).
    /// </summary>
    public double FloorShareAt(DateTimeOffset t)
    {
        if (!IsActiveAt(t))
        {
            return 0;
        }

        return t < HoldEnd ? 1.0 : 1.0 - ((t - HoldEnd) / Window.RampDown);
    }

    /// <summary>The four instants the daemon and the backtest tick at: start - lead, start, start + hold, the end.</summary>
    public IEnumerable<DateTimeOffset> Edges()
    {
        yield return ActiveFrom;
        yield return Start;
        yield return HoldEnd;
        yield return ActiveUntil;
    }
}
