using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Engine;
using PromoScaler.Core.History;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Core.Runtime;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// One policy's tick: observe the target, read every metric, hand the readings to the policy's
/// <see cref="PolicyRuntime"/> (its models and memory, shared with the backtest) and decide with it, write only a
/// <see cref="DecisionAction.Scale"/> decision (and only as leader, outside dry run), keep the new memory. Every outcome is counted and logged in a scope with policy and target;
/// nothing a target or a source answers throws out of here.
/// </summary>
internal sealed class PolicyEvaluator
{
    private readonly MetricReads _reads;
    private readonly StateKeeper _state;
    private readonly StateReloads _reloads;
    private readonly OperatorIntentBook _intent;
    private readonly DecisionLog _decisions;
    private readonly ILeadership _leadership;
    private readonly DaemonMetrics _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyEvaluator> _logger;
    private readonly IDecisionObserver[] _observers;
    private readonly bool _dryRun;

    public PolicyEvaluator(
        MetricReads reads,
        StateKeeper state,
        StateReloads reloads,
        OperatorIntentBook intent,
        DecisionLog decisions,
        ILeadership leadership,
        DaemonMetrics telemetry,
        IOptions<EvaluationOptions> options,
        TimeProvider time,
        ILogger<PolicyEvaluator> logger,
        IEnumerable<IDecisionObserver> observers)
    {
        _observers = [.. observers];
        _reads = reads;
        _state = state;
        _reloads = reloads;
        _intent = intent;
        _decisions = decisions;
        _leadership = leadership;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _dryRun = options.Value.DryRun;
    }

    /// <param name="slot">The policy.</param>
    /// <param name="round">The round's view of the policy: runtime pre-warms and hosted node windows merged, and the hosted pods' demand.</param>
    /// <param name="readToken">Cancels reads (shutdown, tick budget).</param>
    /// <param name="writeToken">Cancels a write (the tick budget only: a write in flight at shutdown finishes).</param>
    public async Task<TickReport> EvaluateAsync(PolicySlot slot, RoundInputs round, CancellationToken readToken, CancellationToken writeToken)
    {
        var now = _time.GetUtcNow();
        var policy = round.Policy;
        var kind = policy.Spec.Target.Kind.ToString();
        _telemetry.IntentAt(policy.Name, _intent.For(policy.Name), now);
        _telemetry.WindowsAt(policy, now);
        if (slot.Target is not { } target)
        {
            Log.NoTargetProvider(_logger, policy.Spec.Target.ToString());
            return Publish(policy, slot.MetricProblem, new TickReport(policy.Name, now, null, null, slot.TargetProblem));
        }

        var observed = await target.ObserveAsync(readToken);
        _telemetry.Observed(policy.Name, kind, observed.Outcome);
        _telemetry.Provenance(kind, observed);
        slot.TargetReadProblem = observed.Observation is null ? $"{DaemonMetrics.OutcomeLabel(observed.Outcome)}: {observed.Detail}" : null;
        if (observed.Observation is not { } observation)
        {
            Log.ObserveFailed(_logger, policy.Spec.Target.ToString(), observed.Outcome, observed.Detail ?? "");
            return Publish(policy, slot.MetricProblem, new TickReport(policy.Name, now, null, null, $"target {slot.TargetReadProblem}") { Strained = Strains(observed.Outcome) });
        }

        if (slot.Runtime is not { } runtime)
        {
            // Its shard was let go after the round began: the holder evaluates it.
            return new TickReport(policy.Name, now, null, null, "not evaluated here: another replica holds its shard");
        }

        var readings = await _reads.ReadAsync(policy, now, readToken);
        slot.MetricProblem = MetricReads.Problem(readings);
        var signals = await runtime.ReadAsync(now, readings, readToken);
        LogHistoryProblems(signals);
        var inputs = new TickInputs(runtime, round, signals, _intent.ControlsFor(policy.Name, now));
        var decision = Decide(inputs, observation);

        string? write = null;
        string? writeProblem = null;
        var kept = decision.State;
        if (decision.Action == DecisionAction.Scale)
        {
            (write, writeProblem, decision, kept, observation) = await WriteAsync(target, inputs, decision, observation, writeToken);
        }

        slot.WriteProblem = writeProblem;
        _telemetry.TickCompleted(policy.Name, decision, readings.All(r => r.Failure is null), write, signals.Verdict, now);
        slot.LastDecision = decision;
        slot.LastDemand = HostedPodDemand.From(policy, decision, observation);
        runtime.Commit(signals, decision, kept);
        _decisions.Record(policy.Name, DecisionRecord.Of(decision, now));
        _reloads.Keep(slot, runtime, now);
        var strained = readings.Any(r => r.Failure == ReadFailure.Timeout) || write is "throttled" or "unavailable";
        return Publish(policy, slot.MetricProblem, new TickReport(policy.Name, now, decision, write) { Strained = strained });
    }

    // Every observer hears the tick; one that throws is logged and costs only itself.
    private TickReport Publish(ScalingPolicy policy, string? metricProblem, TickReport report)
    {
        var tick = new PolicyTick(policy, report.At, report.Decision, report.Write, report.Problem, metricProblem);
        foreach (var observer in _observers)
        {
            try
            {
                observer.Observed(tick);
            }
            catch (Exception ex)
            {
                Log.ObserverFailed(_logger, ex, observer.GetType().Name, ex.Message);
            }
        }

        return report;
    }

    private static bool Strains(TargetOutcome outcome) => outcome is TargetOutcome.Throttled or TargetOutcome.Unavailable;

    private void LogHistoryProblems(TickSignals signals)
    {
        foreach (var problem in signals.HistoryProblems)
        {
            if (problem.Model == "calibration")
            {
                Log.CalibrationHistoryFailed(_logger, problem.Metric, problem.Failure);
            }
            else
            {
                Log.HistoryFailed(_logger, problem.Metric, problem.Failure);
            }
        }
    }

    private Decision Decide(TickInputs inputs, TargetObservation observation)
    {
        var policy = inputs.Round.Policy;
        var decision = inputs.Runtime.Decide(inputs.Signals, observation, inputs.Controls, policy, inputs.Round.HostedPods);
        _telemetry.Decided(policy.Name, decision, inputs.Signals.Forecast);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Decided(_logger, decision.Action, decision.Current, decision.Desired, decision.Reason.ToCode(), DecisionSummary.Of(decision));
        }

        return decision;
    }

    /// <summary>
    /// Writes a Scale decision. A 409 means the target changed under us: read it again and decide once more from
    /// the same readings and memory, then write that (once). A write that did not happen leaves no scale event in the
    /// memory, so the step limits count only what the target really received.
    /// </summary>
    private async Task<(string Outcome, string? Problem, Decision Decision, EngineState Kept, TargetObservation Observation)> WriteAsync(
        IScaleTarget target, TickInputs inputs, Decision decision, TargetObservation observation, CancellationToken token)
    {
        var policy = inputs.Policy;
        var previous = inputs.Previous;
        var kind = policy.Spec.Target.Kind.ToString();
        var targetText = policy.Spec.Target.ToString();
        for (var attempt = 0; ; attempt++)
        {
            if (Refusal(policy.Name) is { } skip)
            {
                Log.WriteSkipped(_logger, targetText, decision.Current, decision.Desired, decision.Reason.ToCode(), skip.Why);
                _telemetry.Wrote(policy.Name, kind, skip.Label);
                return (skip.Label, null, decision, NotWritten(previous, decision), observation);
            }

            var result = await target.WriteAsync(new ScaleRequest(decision.Desired, decision.Current, decision.Reason, DecisionSummary.Of(decision)), token);
            var outcome = DaemonMetrics.OutcomeLabel(result.Outcome);
            _telemetry.Wrote(policy.Name, kind, outcome);
            switch (result.Outcome)
            {
                case TargetOutcome.Ok or TargetOutcome.Clipped:
                    var written = result.Written ?? decision.Desired;
                    Log.Scaled(_logger, targetText, decision.Current, written, decision.Reason.ToCode(), DecisionSummary.Of(decision));
                    return (outcome, null, decision, written == decision.Desired ? decision.State : decision.State with { LastWritten = written }, observation);
                case TargetOutcome.Conflict when attempt == 0:
                    Log.WriteConflict(_logger, targetText);
                    var reread = await target.ObserveAsync(token);
                    _telemetry.Observed(policy.Name, kind, reread.Outcome);
                    if (reread.Observation is not { } fresh)
                    {
                        Log.ObserveFailed(_logger, targetText, reread.Outcome, reread.Detail ?? "");
                        return (outcome, $"{outcome}: {reread.Detail}", decision, NotWritten(previous, decision), observation);
                    }

                    observation = fresh;
                    decision = Decide(inputs, observation);
                    if (decision.Action != DecisionAction.Scale)
                    {
                        return (outcome, null, decision, decision.State, observation);
                    }

                    continue;
                default:
                    Log.WriteFailed(_logger, targetText, result.Outcome, result.Detail ?? "");
                    return (outcome, $"{outcome}: {result.Detail}", decision, NotWritten(previous, decision), observation);
            }
        }
    }

    // Why a write must not happen now, asked before every write, a retry included (the lease may have lapsed while
    // the first one was answered). A skip is not the target's fault: a dry run or a follower is healthy; an unread
    // state store is not, and is reported by /readyz and status as the daemon's problem.
    private (string Label, string Why)? Refusal(string policy)
    {
        if (_dryRun)
        {
            return ("dryRun", "the daemon runs with --dry-run");
        }

        // Operator intent (a pause, an override) must be known before a target is touched.
        if (!_state.Loaded)
        {
            return ("stateNotLoaded", "the state store has not been read yet, so operator intent is not known");
        }

        return _leadership.MayWrite(policy, out var refusal) ? null : ("notLeader", refusal);
    }

    /// <summary>What one decision of a tick is made from; a 409 decides again from the same.</summary>
    private sealed record TickInputs(PolicyRuntime Runtime, RoundInputs Round, TickSignals Signals, OperatorControls Controls)
    {
        public ScalingPolicy Policy => Round.Policy;

        public EngineState Previous => Runtime.State;
    }

    /// <summary>The decision's memory as if its write had not happened: no new scale event; last known = what was seen.</summary>
    private static EngineState NotWritten(EngineState previous, Decision decision) =>
        decision.State with { ScaleEvents = previous.ScaleEvents, LastWritten = decision.Current };

}
