using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>One decision of a replay (components.csv).</summary>
/// <param name="At">The tick, in UTC.</param>
/// <param name="Components">Per-part proposals.</param>
/// <param name="Final">The decided count.</param>
/// <param name="Reason">The decision's reason.</param>
/// <param name="Forecast">The forecast's status at the tick, when the policy predicts.</param>
public readonly record struct TickRecord(DateTimeOffset At, DecisionComponents Components, int Final, ReasonCode Reason, ForecastStatus? Forecast);

/// <summary>
/// Calibrated sizing inside a pre-warm window at one tick: the in-window beta it used (null: no rise remembered
/// yet), the rises it was learned from, and the growth added to R for a rising trend (replicas).
/// </summary>
public readonly record struct WindowLearningPoint(DateTimeOffset At, string Window, double? Beta, int Rises, double Growth);

/// <summary>What a replay keeps of a run (a year at 15s is two million ticks and grid points per run).</summary>
internal enum ReplayRecording
{
    /// <summary>Every decision and, per grid point, requested and ready counts and the reason: the policy's run.</summary>
    Full,
    /// <summary>Only the per-grid-point counts and reasons: the hpa baseline (the chart draws its capacity).</summary>
    Grid,
    /// <summary>Nothing but the scale-event count: the frontier's runs are scored as they are replayed.</summary>
    None,
}

/// <summary>
/// What one policy did over the scoring range: its ticks and, per 15s grid point, the requested and ready counts.
/// A run replayed for scoring only (the hpa frontier) keeps neither; the hpa baseline keeps no ticks.
/// </summary>
public sealed class ReplayRun
{
    private readonly GridReasons _reasons;

    internal ReplayRun(string name, TickLog ticks, int[] requested, int[] ready, GridReasons reasons, int scaleEvents)
    {
        Name = name;
        Ticks = ticks;
        Requested = requested;
        Ready = ready;
        _reasons = reasons;
        ScaleEvents = scaleEvents;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>Every decision, in order (empty when the run kept only its per-point counts).</summary>
    public IReadOnlyList<TickRecord> Ticks { get; }

    /// <summary>Requested count in force at each grid point (empty when the run was only scored).</summary>
    public int[] Requested { get; }

    /// <summary>Ready count at each grid point (empty when the run was only scored).</summary>
    public int[] Ready { get; }

    /// <summary>Reason of the decision in force at each grid point (empty when the run was only scored).</summary>
    public IReadOnlyList<ReasonCode> Reasons => _reasons;

    /// <summary>Ticks whose decision changed the requested count.</summary>
    public int ScaleEvents { get; }

    /// <summary>
    /// What calibrated sizing knew at each tick inside a pre-warm window, in tick order (empty: not calibrated, no
    /// window, or a run that kept no ticks).
    /// </summary>
    public IReadOnlyList<WindowLearningPoint> Learned { get; init; } = [];

    /// <summary>The reason at grid point <paramref name="i"/>, without going through the interface.</summary>
    internal ReasonCode ReasonAt(int i) => _reasons[i];
}
