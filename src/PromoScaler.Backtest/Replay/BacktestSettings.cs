namespace PromoScaler.Backtest.Replay;

/// <summary>Parts of a policy a backtest can switch off to measure what each adds (<c>--disable</c>).</summary>
[Flags]
public enum Ablation
{
    None = 0,
    /// <summary>No prediction: the policy runs reactive (plus pre-warms).</summary>
    Forecast = 1,
    /// <summary>The forecast is used even when its recent error is above <c>trust.maxError</c>.</summary>
    Gating = 2,
    /// <summary>No pre-warm windows.</summary>
    Prewarm = 4,
    /// <summary>Calibrated sizing keeps one pooled margin instead of one per load band.</summary>
    Bands = 8,
    /// <summary>Calibrated sizing without the burst rule (a rise beyond the margin carried forward).</summary>
    Burst = 16,
}

/// <summary>How a backtest replays a trace (the <c>promoscaler backtest</c> flags).</summary>
/// <param name="From">First scored instant; the trace before it only warms the models. Default: first row + delay + window.</param>
/// <param name="To">End of scoring (exclusive). Default: the last row.</param>
/// <param name="MetricDelay">D: the newest sample is this old. Default 30s.</param>
/// <param name="MetricWindow">W: the rate window each reading averages. Default 60s.</param>
/// <param name="CapacityPerReplica">C; default the demand metric's <c>capacityPerReplica</c>, else targetPerReplica / 0.8.</param>
/// <param name="DemandMetric">The metric scored as demand; default the prediction metric, else the first.</param>
/// <param name="Disabled">Parts switched off.</param>
/// <param name="PerfectForecast">Replace the policy's model by perfect foresight (analysis only); null = the model.</param>
/// <param name="AllowGaps">Score a range even when more than half of it has no data (<c>--allow-gaps</c>). Default false.</param>
public sealed record BacktestSettings(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    TimeSpan? MetricDelay = null,
    TimeSpan? MetricWindow = null,
    double? CapacityPerReplica = null,
    string? DemandMetric = null,
    Ablation Disabled = Ablation.None,
    PerfectForecast? PerfectForecast = null,
    bool AllowGaps = false)
{
    /// <summary>Default metric delay D.</summary>
    public static readonly TimeSpan DefaultMetricDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default metric (rate) window W.</summary>
    public static readonly TimeSpan DefaultMetricWindow = TimeSpan.FromSeconds(60);

    /// <summary>The scoring grid's step, whatever the interval (spec "Backtest model").</summary>
    public static readonly TimeSpan GridStep = TimeSpan.FromSeconds(15);

    public TimeSpan Delay => MetricDelay ?? DefaultMetricDelay;

    public TimeSpan Window => MetricWindow ?? DefaultMetricWindow;
}
