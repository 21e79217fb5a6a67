using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>One decision of a replay (components.csv).</summary>
/// <param name="At">The tick.</param>
/// <param name="Components">Per-part proposals.</param>
/// <param name="Final">The decided count.</param>
/// <param name="Reason">The decision's reason.</param>
/// <param name="Forecast">The forecast's status at the tick, when the policy predicts.</param>
public readonly record struct TickRecord(DateTimeOffset At, DecisionComponents Components, int Final, ReasonCode Reason, ForecastStatus? Forecast);

/// <summary>What one policy did over the scoring range: its ticks and, per 15s grid point, the requested and ready counts.</summary>
public sealed class ReplayRun
{
    internal ReplayRun(string name, TickRecord[] ticks, int[] requested, int[] ready, ReasonCode[] reasons, int scaleEvents)
    {
        Name = name;
        Ticks = ticks;
        Requested = requested;
        Ready = ready;
        Reasons = reasons;
        ScaleEvents = scaleEvents;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>Every decision, in order.</summary>
    public IReadOnlyList<TickRecord> Ticks { get; }

    /// <summary>Requested count in force at each grid point.</summary>
    public int[] Requested { get; }

    /// <summary>Ready count at each grid point.</summary>
    public int[] Ready { get; }

    /// <summary>Reason of the decision in force at each grid point.</summary>
    public ReasonCode[] Reasons { get; }

    /// <summary>Ticks whose decision changed the requested count.</summary>
    public int ScaleEvents { get; }
}
