using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;

namespace PromoScaler.Prometheus;

/// <summary>Log messages of the Prometheus source (event ids 4000-4099). Never a credential, header value or token.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Warning, "Prometheus source {Source}: query failed ({Failure}): {Detail}")]
    public static partial void QueryFailed(ILogger logger, string source, ReadFailure failure, string detail);

    [LoggerMessage(4001, LogLevel.Debug, "Prometheus source {Source}: retry {Attempt} in {Delay} after {Outcome}")]
    public static partial void Retrying(ILogger logger, string source, int attempt, TimeSpan delay, string outcome);

    [LoggerMessage(4002, LogLevel.Warning, "Prometheus source {Source}: circuit opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string source, TimeSpan breakDuration);

    [LoggerMessage(4003, LogLevel.Information, "Prometheus source {Source}: circuit half-open, sending one probe")]
    public static partial void CircuitHalfOpened(ILogger logger, string source);

    [LoggerMessage(4004, LogLevel.Information, "Prometheus source {Source}: circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string source);

    [LoggerMessage(4005, LogLevel.Debug, "Prometheus source {Source}: {Warning}")]
    public static partial void QueryWarning(ILogger logger, string source, string warning);

    [LoggerMessage(4006, LogLevel.Debug, "Prometheus source {Source}: query_range chunk {Start:o}..{End:o} at {Step}")]
    public static partial void RangeChunk(ILogger logger, string source, DateTimeOffset start, DateTimeOffset end, TimeSpan step);
}
