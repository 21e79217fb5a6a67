using Microsoft.Extensions.Logging;
using PromoScaler.Core.Ports;

namespace PromoScaler.Kubernetes;

/// <summary>Log messages of the Kubernetes adapter (event ids 5000-5099). Never a token or a kubeconfig's content.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Kubernetes API {Host} from {Source}")]
    public static partial void Connected(ILogger logger, string host, string source);

    [LoggerMessage(5001, LogLevel.Warning, "Kubernetes target {Target}: {Operation} ended {Outcome}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string target, string operation, TargetOutcome outcome, string detail);

    [LoggerMessage(5002, LogLevel.Debug, "Kubernetes target {Target}: retry {Attempt} in {Delay} after {Cause}")]
    public static partial void Retrying(ILogger logger, string target, int attempt, TimeSpan delay, string cause);

    [LoggerMessage(5003, LogLevel.Warning, "Kubernetes target {Target}: circuit opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string target, TimeSpan breakDuration);

    [LoggerMessage(5004, LogLevel.Information, "Kubernetes target {Target}: circuit half-open, sending one probe")]
    public static partial void CircuitHalfOpened(ILogger logger, string target);

    [LoggerMessage(5005, LogLevel.Information, "Kubernetes target {Target}: circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string target);

    [LoggerMessage(5006, LogLevel.Information, "Kubernetes target {Target}: scaled {From} -> {To} ({Reason})")]
    public static partial void Scaled(ILogger logger, string target, int from, int to, string reason);

    [LoggerMessage(5007, LogLevel.Warning, "Kubernetes target {Target}: the scale was written but its Event was not: {Detail}")]
    public static partial void EventNotRecorded(ILogger logger, string target, string detail);

    [LoggerMessage(5008, LogLevel.Information, "Kubernetes target {Target}: floor {Requested} is above the HPA's maxReplicas {Max}; writing {Max}")]
    public static partial void HpaFloorClamped(ILogger logger, string target, int requested, int max);

    [LoggerMessage(5009, LogLevel.Warning, "ConfigMap state store {ConfigMap}: {Outcome}: {Detail}")]
    public static partial void StateWriteNotDone(ILogger logger, string configMap, StateWriteOutcome outcome, string detail);

    [LoggerMessage(5010, LogLevel.Warning, "ConfigMap state store {ConfigMap}: read failed: {Detail}")]
    public static partial void StateReadFailed(ILogger logger, string configMap, string detail);

    [LoggerMessage(5011, LogLevel.Warning, "ConfigMap state store {ConfigMap}: the unreadable document is kept in ConfigMap {Copy}")]
    public static partial void StateKeptAside(ILogger logger, string configMap, string copy);

    [LoggerMessage(5012, LogLevel.Warning, "ConfigMap state store {ConfigMap}: the StateLost Event could not be recorded: {Detail}")]
    public static partial void StateEventNotRecorded(ILogger logger, string configMap, string detail);

    [LoggerMessage(5020, LogLevel.Information, "ScalingPolicy objects {Scope}: listed {Count} at resourceVersion {Version}")]
    public static partial void PoliciesListed(ILogger logger, string scope, int count, string version);

    [LoggerMessage(5021, LogLevel.Information, "ScalingPolicy objects {Scope}: the watch from resourceVersion {Version} expired (410); relisting")]
    public static partial void PolicyWatchExpired(ILogger logger, string scope, string version);

    [LoggerMessage(5022, LogLevel.Warning, "ScalingPolicy objects {Scope}: {Detail}; retrying in {Delay}")]
    public static partial void PolicyWatchFailed(ILogger logger, string scope, string detail, TimeSpan delay);

    [LoggerMessage(5024, LogLevel.Debug, "ScalingPolicy objects {Scope}: the watch ended; resuming from resourceVersion {Version}")]
    public static partial void PolicyWatchEnded(ILogger logger, string scope, string version);

    [LoggerMessage(5023, LogLevel.Warning, "ScalingPolicy {Policy}: status not written: {Detail}")]
    public static partial void PolicyStatusNotWritten(ILogger logger, string policy, string detail);

    [LoggerMessage(5030, LogLevel.Debug, "Target watch cache: {Kind} in {Namespace}: listed {Count} at resourceVersion {Version}")]
    public static partial void TargetsListed(ILogger logger, string kind, string @namespace, int count, string version);

    [LoggerMessage(5031, LogLevel.Information, "Target watch cache: {Kind} in {Namespace}: the watch from resourceVersion {Version} expired (410); relisting")]
    public static partial void TargetWatchExpired(ILogger logger, string kind, string @namespace, string version);

    [LoggerMessage(5032, LogLevel.Warning, "Target watch cache: {Kind} in {Namespace}: {Detail}; ticks read with a GET meanwhile; retrying in {Delay}")]
    public static partial void TargetWatchFailed(ILogger logger, string kind, string @namespace, string detail, TimeSpan delay);
}
