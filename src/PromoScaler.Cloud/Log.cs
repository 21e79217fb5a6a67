using Microsoft.Extensions.Logging;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud;

/// <summary>Log messages of the cloud VM group targets (event ids 7000-7099). Never a key, secret, token or signature.</summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Debug, "Cloud target {Target}: retry {Attempt} in {Delay} after {Outcome}")]
    public static partial void Retrying(ILogger logger, string target, int attempt, TimeSpan delay, string outcome);

    [LoggerMessage(7001, LogLevel.Warning, "Cloud target {Target}: circuit opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string target, TimeSpan breakDuration);

    [LoggerMessage(7002, LogLevel.Warning, "Cloud target {Target}: {Action} ended {Outcome}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string target, string action, TargetOutcome outcome, string detail);

    [LoggerMessage(7003, LogLevel.Information, "Cloud target {Target}: desired capacity {From} -> {To} ({Reason})")]
    public static partial void Wrote(ILogger logger, string target, int from, int to, string reason);

    [LoggerMessage(7004, LogLevel.Warning, "Cloud target {Target}: asked for {Requested}, clipped to {Written} by the group's bounds")]
    public static partial void Clipped(ILogger logger, string target, int requested, int written);
}
