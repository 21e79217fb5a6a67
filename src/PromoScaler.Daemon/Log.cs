using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon;

/// <summary>
/// Log messages of the daemon (event ids 6000-6199: 6000 host, 6020 catalog, 6040 evaluation, 6080 state,
/// 6100 leadership, 6120 scheduler). Ticks log inside a scope carrying <c>Policy</c> and <c>Target</c>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "PromoScaler daemon started: {PolicyCount} policies, admin listener {Urls}, dry run {DryRun}, leader election {LeaderElection}")]
    public static partial void Started(ILogger logger, int policyCount, string urls, bool dryRun, bool leaderElection);

    [LoggerMessage(6001, LogLevel.Information, "PromoScaler daemon stopping: in-flight ticks finish, the state is flushed")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(6020, LogLevel.Information, "Policies loaded from {Directory}: {PolicyCount} policies ({Added} added, {Kept} kept, {Removed} removed)")]
    public static partial void PoliciesApplied(ILogger logger, string directory, int policyCount, int added, int kept, int removed);

    [LoggerMessage(6021, LogLevel.Error, "Policy reload rejected, the running set is kept ({PolicyCount} policies): {Diagnostic}")]
    public static partial void PolicyError(ILogger logger, int policyCount, string diagnostic);

    [LoggerMessage(6022, LogLevel.Warning, "Policy warning: {Diagnostic}")]
    public static partial void PolicyWarning(ILogger logger, string diagnostic);

    [LoggerMessage(6023, LogLevel.Error, "ScalingPolicy {Object} (generation {Generation}) refused, {Kept}: {Error}")]
    public static partial void PolicyObjectRefused(ILogger logger, string @object, long generation, string kept, string error);

    [LoggerMessage(6024, LogLevel.Error, "Policy {Policy} is defined in file {File} and as ScalingPolicy {Object}: the object is refused, the file keeps running; rename one")]
    public static partial void PolicyNameClash(ILogger logger, string policy, string file, string @object);

    [LoggerMessage(6025, LogLevel.Warning, "ScalingPolicy {Object}: status or Event not written: {Detail}")]
    public static partial void PolicyStatusNotWritten(ILogger logger, string @object, string detail);

    [LoggerMessage(6040, LogLevel.Debug, "Decision {Action} {Current} -> {Desired} ({Reason}): {Summary}")]
    public static partial void Decided(ILogger logger, DecisionAction action, int current, int desired, string reason, string summary);

    [LoggerMessage(6041, LogLevel.Information, "Scaled {Target} from {Current} to {Written} ({Reason}): {Summary}")]
    public static partial void Scaled(ILogger logger, string target, int current, int written, string reason, string summary);

    [LoggerMessage(6042, LogLevel.Warning, "Write to {Target} failed ({Outcome}): {Detail}")]
    public static partial void WriteFailed(ILogger logger, string target, TargetOutcome outcome, string detail);

    [LoggerMessage(6043, LogLevel.Information, "Write to {Target} lost a conflict (409): re-reading and deciding again")]
    public static partial void WriteConflict(ILogger logger, string target);

    [LoggerMessage(6044, LogLevel.Warning, "Reading {Target} failed ({Outcome}): {Detail}; the policy is retried at its next tick")]
    public static partial void ObserveFailed(ILogger logger, string target, TargetOutcome outcome, string detail);

    [LoggerMessage(6045, LogLevel.Information, "Would scale {Target} from {Current} to {Desired} ({Reason}); not written: {Why}")]
    public static partial void WriteSkipped(ILogger logger, string target, int current, int desired, string reason, string why);

    [LoggerMessage(6046, LogLevel.Error, "Tick failed: {Message}")]
    public static partial void TickFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(6047, LogLevel.Warning, "Tick ran over its budget of {Budget} and was abandoned")]
    public static partial void TickTimedOut(ILogger logger, TimeSpan budget);

    [LoggerMessage(6048, LogLevel.Error, "No scale target adapter serves {Target}; the policy is not evaluated")]
    public static partial void NoTargetProvider(ILogger logger, string target);

    [LoggerMessage(6049, LogLevel.Warning, "Forecast history for metric {Metric} could not be read: {Detail}; retried at the next tick")]
    public static partial void HistoryFailed(ILogger logger, string metric, string detail);

    [LoggerMessage(6051, LogLevel.Warning, "Calibration history for metric {Metric} could not be read: {Detail}; the model starts cold (its stated fallback) and learns from the ticks")]
    public static partial void CalibrationHistoryFailed(ILogger logger, string metric, string detail);

    [LoggerMessage(6052, LogLevel.Warning, "Decision observer {Observer} failed: {Message}")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string message);

    [LoggerMessage(6050, LogLevel.Debug, "Metric {Metric} read failed ({Failure}): {Detail}")]
    public static partial void MetricFailed(ILogger logger, string metric, ReadFailure failure, string detail);

    [LoggerMessage(6080, LogLevel.Information, "State loaded: {PolicyCount} policies remembered (version {Version})")]
    public static partial void StateLoaded(ILogger logger, int policyCount, string version);

    [LoggerMessage(6081, LogLevel.Error, "State partly unreadable: {Problem}")]
    public static partial void StateLost(ILogger logger, string problem);

    [LoggerMessage(6082, LogLevel.Warning, "State write conflict ({Detail}): taking the stored version and writing again")]
    public static partial void StateConflict(ILogger logger, string detail);

    [LoggerMessage(6083, LogLevel.Error, "State write failed ({Outcome}): {Detail}; kept in memory and written again after the next round")]
    public static partial void StateWriteFailed(ILogger logger, StateWriteOutcome outcome, string detail);

    [LoggerMessage(6084, LogLevel.Error, "The state store cannot be read ({Detail}); the stored memory is not replaced and nothing is written to targets or the store until it is read; retried every round")]
    public static partial void StateUnreadable(ILogger logger, string detail);

    [LoggerMessage(6085, LogLevel.Warning, "The state document as it was is kept in {Copy}")]
    public static partial void StateKeptAside(ILogger logger, string copy);

    [LoggerMessage(6086, LogLevel.Error, "The unreadable state document could not be kept aside ({Detail}); the next write replaces it")]
    public static partial void StateNotKeptAside(ILogger logger, string detail);

    [LoggerMessage(6087, LogLevel.Warning, "The state was not written: {Refusal}")]
    public static partial void StateWriteRefused(ILogger logger, string refusal);

    [LoggerMessage(6100, LogLevel.Information, "Leadership: this replica {Identity} is now {Role}")]
    public static partial void LeadershipChanged(ILogger logger, string identity, string role);

    [LoggerMessage(6101, LogLevel.Warning, "The lease could not be released ({Detail}); it expires after its duration")]
    public static partial void LeaseReleaseFailed(ILogger logger, string detail);

    [LoggerMessage(6102, LogLevel.Warning, "Leadership: this replica {Identity} ends its term: {Reason}; it writes nothing until its lease is renewed, then re-reads the state")]
    public static partial void TermEnded(ILogger logger, string identity, string reason);

    [LoggerMessage(6122, LogLevel.Debug, "Round at {Now:o}: {Due} policies due, {Limit} at a time")]
    public static partial void RoundStarted(ILogger logger, DateTimeOffset now, int due, int limit);
}
