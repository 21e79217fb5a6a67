using PromoScaler.Backtest.Simulation;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Drives one policy through the decision engine over the scoring range, the way the daemon would: at each tick
/// the metrics read the delayed, windowed demand, the forecaster has been fed every step sample that exists by
/// then, the engine decides from the target's spec count and its own remembered state, and the simulated target
/// carries the decision out.
/// </summary>
internal static class PolicyReplay
{
    public static ReplayRun Run(
        ScalingPolicy policy,
        ReplayContext context,
        Forecaster? forecaster,
        Func<DecisionInput, Decision> decide,
        Action<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var metrics = policy.Spec.Metrics;
        var ticks = TickSchedule.Build(policy, context.From, context.To);
        var target = new SimulatedTarget(InitialReplicas(policy, context), policy.Spec.Startup);
        var feeder = forecaster is null ? null : new StepFeeder(forecaster, policy.Spec.Prediction!, context);

        var records = new TickRecord[ticks.Count];
        var gridCount = context.GridDemand.Length;
        var requested = new int[gridCount];
        var ready = new int[gridCount];
        var reasons = new ReasonCode[gridCount];
        var readings = new MetricReading[metrics.Count];
        var state = EngineState.Empty;
        var reason = ReasonCode.Observed;
        var scaleEvents = 0;
        var grid = 0;
        var reportEvery = Math.Max(1, ticks.Count / 100);

        for (var i = 0; i < ticks.Count; i++)
        {
            var t = ticks[i];
            for (var m = 0; m < metrics.Count; m++)
            {
                // Without a freshness query the daemon stamps a reading with the time of the successful read: the
                // tick itself, so a regular trace is never stale whatever its step.
                var value = context.Signal(metrics[m].Name, t);
                readings[m] = value is { } v ? MetricReading.Of(metrics[m].Name, v, t) : MetricReading.Empty(metrics[m].Name, t);
            }

            ForecastSignal? forecast = null;
            if (feeder is not null)
            {
                feeder.FeedUntil(t);
                forecast = forecaster!.Predict(t);
            }

            var observation = new TargetObservation(target.Requested, target.Requested, target.ReadyAt(t));
            var decision = decide(new DecisionInput(policy, observation, readings, forecast, OperatorControls.None, state, t));
            state = decision.State;
            if (decision.Action == DecisionAction.Scale && decision.Desired != target.Requested)
            {
                target.Set(decision.Desired, t);
                scaleEvents++;
            }

            reason = decision.Reason;
            records[i] = new TickRecord(t, decision.Components, target.Requested, reason, forecast?.Status);

            // Grid points up to the next tick see this decision.
            var next = i + 1 < ticks.Count ? ticks[i + 1] : context.To;
            while (grid < gridCount && context.GridTime(grid) < next)
            {
                var at = context.GridTime(grid);
                requested[grid] = target.Requested;
                ready[grid] = target.ReadyAt(at);
                reasons[grid] = reason;
                grid++;
            }

            if (progress is not null && i % reportEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress((double)i / ticks.Count);
            }
        }

        progress?.Invoke(1.0);
        return new ReplayRun(policy.Name, records, requested, ready, reasons, scaleEvents);
    }

    /// <summary>
    /// The count running when scoring starts: what the policy's metrics ask for at <c>from</c>
    /// (ceil(value / targetPerReplica), the largest), within min/max replicas, all ready. Every run starts from
    /// the count its own targets imply, so no run is handicapped by the starting point.
    /// </summary>
    internal static int InitialReplicas(ScalingPolicy policy, ReplayContext context)
    {
        var wanted = 0;
        foreach (var metric in policy.Spec.Metrics)
        {
            if (context.Signal(metric.Name, context.From) is { } value && value > 0)
            {
                wanted = Math.Max(wanted, (int)Math.Ceiling(value / metric.TargetPerReplica));
            }
        }

        var g = policy.Spec.Guardrails;
        return Math.Clamp(wanted, g.MinReplicas, g.MaxReplicas);
    }

    /// <summary>
    /// Feeds the forecaster the prediction metric at resolution step, as a range query would return it: the
    /// value at T is the mean over [T - max(step, W), T] (a sample at resolution step stands for its whole step,
    /// not for the last rate window in it), and it exists once T is D old.
    /// </summary>
    private sealed class StepFeeder
    {
        private readonly Forecaster _forecaster;
        private readonly ReplayContext _context;
        private readonly string _metric;
        private readonly TimeSpan _step;
        private readonly TimeSpan _span;
        private DateTimeOffset _next;

        public StepFeeder(Forecaster forecaster, PredictionSpec prediction, ReplayContext context)
        {
            _forecaster = forecaster;
            _context = context;
            _metric = prediction.Metric;
            _step = prediction.Step;
            _span = prediction.Step > context.Window ? prediction.Step : context.Window;
            var first = (context.TraceStart + _span).UtcTicks;
            _next = new DateTimeOffset((first + _step.Ticks - 1) / _step.Ticks * _step.Ticks, TimeSpan.Zero);
        }

        public void FeedUntil(DateTimeOffset now)
        {
            var newest = now - _context.Delay;
            var curve = _context.Curves[_metric];
            for (; _next <= newest; _next += _step)
            {
                _forecaster.Observe(_next, curve.Mean(_next - _span, _next));
            }
        }
    }
}
