using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>What one policy's tick did (for tests, logs and the admin surface).</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="At">The decision instant.</param>
/// <param name="Decision">The engine's decision; null when the target could not be read.</param>
/// <param name="Write">The outcome label of the write: <c>ok</c>, a <see cref="TargetOutcome"/> in camelCase, <c>dryRun</c>, <c>notLeader</c>; null when nothing was to be written.</param>
/// <param name="Problem">Why the tick stopped early, or null.</param>
internal sealed record TickReport(string Policy, DateTimeOffset At, Decision? Decision, string? Write, string? Problem = null)
{
    /// <summary>
    /// The tick met a strained dependency: a metric read timed out, the target throttled or was unavailable, or the
    /// tick failed; the concurrency limit backs off.
    /// </summary>
    public bool Strained { get; init; }
}
