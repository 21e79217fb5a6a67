using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>How the evaluation loop runs (<c>Evaluation</c> section).</summary>
public sealed class EvaluationOptions
{
    /// <summary>Decide, explain and expose everything; write nothing to targets (<c>--dry-run</c>). Default false.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// The most policies evaluated at the same time: the ceiling of the adaptive limit, which starts at 8, grows while
    /// the metric source and the targets answer promptly and shrinks when they time out, throttle or slow down.
    /// Default 64; 1..256.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = DaemonConstants.DefaultMaxConcurrency;

    /// <summary>Budget of one policy's tick; a tick over it is abandoned and counted. Default 30s; 1s..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TickTimeout { get; set; } = DaemonConstants.DefaultTickTimeout;

    /// <summary>
    /// How old the demand a reading measures is (about the query's delay plus half its rate window), for the models
    /// that judge a decision by the demand that followed it: the calibrated sizers and the forecast gate. The backtest's
    /// equivalent is <c>--metric-delay</c> + <c>--metric-window</c> / 2. Default 0s (the lag stays inside the readings);
    /// 0s..1h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SignalLag { get; set; }
}
