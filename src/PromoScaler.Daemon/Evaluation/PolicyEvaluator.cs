using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.History;
using PromoScaler.Admin.Intent;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Status;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// One policy's tick: observe the target, read every metric, feed and ask the forecaster, decide with the pure
/// engine from the remembered state, write only a <see cref="DecisionAction.Scale"/> decision (and only as leader,
/// outside dry run), remember the new state. Every outcome is counted and logged in a scope with policy and target;
/// nothing a target or a source answers throws out of here.
/// </summary>
internal sealed class PolicyEvaluator
{
    private readonly IMetricSource _metrics;
    private readonly StateKeeper _state;
    private readonly OperatorIntentBook _intent;
    private readonly DecisionLog _decisions;
    private readonly ILeadership _leadership;
    private readonly DaemonMetrics _telemetry;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyEvaluator> _logger;
    private readonly bool _dryRun;
    private readonly IDecisionObserver[] _observers;

    public PolicyEvaluator(
        IMetricSource metrics,
        StateKeeper state,
        OperatorIntentBook intent,
        DecisionLog decisions,
        ILeadership leadership,
        DaemonMetrics telemetry,
        DaemonReadiness readiness,
        IOptions<EvaluationOptions> options,
        TimeProvider time,
        ILogger<PolicyEvaluator> logger,
        IEnumerable<IDecisionObserver>? observers = null)
    {
        _observers = [.. observers ?? []];
        _metrics = metrics;
        _state = state;
        _intent = intent;
        _decisions = decisions;
        _leadership = leadership;
        _telemetry = telemetry;
        _readiness = readiness;
        _time = time;
        _logger = logger;
        _dryRun = options.Value.DryRun;
    }

    /// <param name="runtime">The policy.</param>
    /// <param name="round">The round's view of the policy: runtime pre-warms and hosted node windows merged, and the hosted pods' demand.</param>
    /// <param name="readToken">Cancels reads (shutdown, tick budget).</param>
    /// <param name="writeToken">Cancels a write (the tick budget only: a write in flight at shutdown finishes).</param>
    public async Task<TickReport> EvaluateAsync(PolicyRuntime runtime, RoundInputs round, CancellationToken readToken, CancellationToken writeToken)
    {
        var now = _time.GetUtcNow();
        var policy = round.Policy;
        var kind = policy.Spec.Target.Kind.ToString();
        _telemetry.IntentAt(policy.Name, _intent.For(policy.Name), now);
        _telemetry.WindowsAt(policy, now);
        if (runtime.Target is not { } target)
        {
            Log.NoTargetProvider(_logger, policy.Spec.Target.ToString());
            return _observers.Tell(policy, runtime.MetricProblem, new TickReport(policy.Name, now, null, null, runtime.TargetProblem));
        }


        var observed = await target.ObserveAsync(readToken);
        _telemetry.Observed(policy.Name, kind, observed.Outcome);
        runtime.TargetReadProblem = observed.Observation is null ? $"{DaemonMetrics.OutcomeLabel(observed.Outcome)}: {observed.Detail}" : null;
        if (observed.Observation is not { } observation)
        {
            Log.ObserveFailed(_logger, policy.Spec.Target.ToString(), observed.Outcome, observed.Detail ?? "");
            return _observers.Tell(policy, runtime.MetricProblem, new TickReport(policy.Name, now, null, null, $"target {runtime.TargetReadProblem}"));
        }

        var readings = await ReadMetricsAsync(policy, now, readToken);
        runtime.MetricProblem = MetricProblem(readings);
        var forecast = runtime.Forecast is { } feed ? await feed.ReadAsync(now, readToken) : null;
        var calibration = runtime.Calibration is { } models ? await models.ReadAsync(now, readings, readToken) : null;
        var verdict = Judge(runtime.Gate, readings, now);
        var previous = _state.EngineStateOf(policy.Name);
        var inputs = new TickInputs(policy, readings, forecast, calibration, verdict, _intent.ControlsFor(policy.Name, now), previous, round.HostedPods, now);
        var decision = Decide(inputs, observation);

        string? write = null;
        string? writeProblem = null;
        var kept = decision.State;
        if (decision.Action == DecisionAction.Scale)
        {
            (write, writeProblem, decision, kept, observation) = await WriteAsync(target, inputs, decision, observation, writeToken);
        }

        runtime.WriteProblem = writeProblem;
        _telemetry.TickCompleted(policy.Name, decision, readings.All(r => r.Failure is null), write, verdict, now);
        runtime.LastDecision = decision;
        runtime.LastDemand = HostedPodDemand.From(policy, decision, observation);
        _decisions.Record(policy.Name, DecisionRecord.Of(decision, now));
        _state.SetEngineState(policy.Name, kept, now);
        if (runtime.Gate is { } gate)
        {
            gate.Record(now, forecast, decision);
            _state.SetForecastGate(policy.Name, gate.Export());
        }

        _state.MarkChanged();
        return _observers.Tell(policy, runtime.MetricProblem, new TickReport(policy.Name, now, decision, write));
    }

    // The gate sees the prediction metric's reading of this tick, then says whether the forecast has earned its place.
    private static ForecastVerdict? Judge(ForecastGate? gate, MetricReading[] readings, DateTimeOffset now)
    {
        if (gate is null)
        {
            return null;
        }

        var reading = readings.FirstOrDefault(r => string.Equals(r.Metric, gate.Metric, StringComparison.Ordinal));
        gate.Observe(now, reading is { Failure: null } ? reading.Value : null);
        return gate.Verdict(now);
    }

    private Decision Decide(TickInputs inputs, TargetObservation observation)
    {
        var policy = inputs.Policy;
        var decision = DecisionEngine.Decide(new DecisionInput(policy, observation, inputs.Readings, inputs.Forecast, inputs.Controls, inputs.Previous, inputs.Now)
        {
            Calibration = inputs.Calibration,
            ForecastVerdict = inputs.Verdict,
            HostedPods = inputs.HostedPods,
        });
        _telemetry.Decided(policy.Name, decision, inputs.Forecast);
        if (_logger.IsEnabled(LogLevel.Information))
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
        if (_dryRun)
        {
            return Skipped("dryRun", "the daemon runs with --dry-run");
        }

        for (var attempt = 0; ; attempt++)
        {
            // Operator intent (a pause, an override) must be known before a target is touched.
            if (!_state.Loaded)
            {
                return Skipped("stateNotLoaded", "the state store has not been read yet, so operator intent is not known");
            }

            // Asked before every write, a retry included: the lease may have lapsed while the first one was answered.
            if (!_leadership.MayWrite(out var refusal))
            {
                return Skipped("notLeader", refusal);
            }

            var result = await target.WriteAsync(new ScaleRequest(decision.Desired, decision.Current, decision.Reason, DecisionSummary.Of(decision)), token);
            var outcome = DaemonMetrics.OutcomeLabel(result.Outcome);
            _telemetry.Wrote(policy.Name, kind, outcome);
            switch (result.Outcome)
            {
                case TargetOutcome.Ok or TargetOutcome.Clipped:
                    var written = result.Written ?? decision.Desired;
                    Log.Scaled(_logger, targetText, decision.Current, written, decision.Reason.ToCode());
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

        // A skip is not the target's fault: a dry run or a follower is healthy; an unread state store is not, and is
        // reported by /readyz and status as the daemon's problem.
        (string, string?, Decision, EngineState, TargetObservation) Skipped(string label, string why)
        {
            Log.WriteSkipped(_logger, targetText, decision.Current, decision.Desired, decision.Reason.ToCode(), why);
            _telemetry.Wrote(policy.Name, kind, label);
            return (label, null, decision, NotWritten(previous, decision), observation);
        }
    }

    private static string? MetricProblem(MetricReading[] readings)
    {
        var failed = readings.Where(r => r.Failure is not null).ToList();
        return failed.Count == 0
            ? null
            : string.Join("; ", failed.Select(r => $"{r.Metric} {DaemonMetrics.CamelCase(r.Failure!.Value.ToString())} ({r.Detail})"));
    }

    /// <summary>What one decision of a tick is made from; a 409 decides again from the same.</summary>
    private sealed record TickInputs(
        ScalingPolicy Policy,
        MetricReading[] Readings,
        ForecastSignal? Forecast,
        IReadOnlyList<CalibrationSignal>? Calibration,
        ForecastVerdict? Verdict,
        OperatorControls Controls,
        EngineState Previous,
        IReadOnlyList<HostedPodDemand>? HostedPods,
        DateTimeOffset Now);

    /// <summary>The decision's memory as if its write had not happened: no new scale event; last known = what was seen.</summary>
    private static EngineState NotWritten(EngineState previous, Decision decision) =>
        decision.State with { ScaleEvents = previous.ScaleEvents, LastWritten = decision.Current };

    private async Task<MetricReading[]> ReadMetricsAsync(ScalingPolicy policy, DateTimeOffset now, CancellationToken token)
    {
        var specs = policy.Spec.Metrics;
        var reads = new Task<MetricReading>[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            reads[i] = ReadOneAsync(specs[i], now, token);
        }

        var readings = await Task.WhenAll(reads);
        foreach (var reading in readings)
        {
            if (reading.Failure is { } failure)
            {
                _telemetry.MetricReads.WithLabels(policy.Name, DaemonMetrics.CamelCase(failure.ToString())).Inc();
                _readiness.MetricFailed(now, $"{reading.Metric}: {failure} ({reading.Detail})");
                Log.MetricFailed(_logger, reading.Metric, failure, reading.Detail ?? "");
            }
            else
            {
                _telemetry.MetricReads.WithLabels(policy.Name, reading.SeriesCount == 0 ? "empty" : "ok").Inc();
                _readiness.MetricAnswered(now);
            }
        }

        return readings;
    }

    // The port never throws for a bad read; an adapter bug still must not stop the policy: it becomes a failed read,
    // which the engine treats as invalid (no scale-down).
    private async Task<MetricReading> ReadOneAsync(MetricSpec metric, DateTimeOffset now, CancellationToken token)
    {
        var started = _time.GetTimestamp();
        try
        {
            return await _metrics.ReadAsync(metric, now, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return MetricReading.Failed(metric.Name, ReadFailure.ReadFailed, ex.Message, null);
        }
        finally
        {
            _telemetry.MetricReadDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
        }
    }
}
