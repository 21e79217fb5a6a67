using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>How the evaluation loop runs (<c>Evaluation</c> section).</summary>
public sealed class EvaluationOptions
{
    /// <summary>Decide, explain and expose everything; write nothing to targets (<c>--dry-run</c>). Default false.</summary>
    public bool DryRun { get; set; }

    /// <summary>Policies evaluated at the same time. Default 8; 1..256.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = DaemonConstants.DefaultMaxConcurrency;

    /// <summary>Budget of one policy's tick; a tick over it is abandoned and counted. Default 30s; 1s..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TickTimeout { get; set; } = DaemonConstants.DefaultTickTimeout;
}
