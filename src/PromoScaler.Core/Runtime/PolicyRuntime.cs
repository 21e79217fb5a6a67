using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// One policy's whole tick around the pure engine: it owns the engine's memory, the forecaster, the forecast gate
/// and the calibrated sizers, decides which of them the policy gets, warms them from history, turns one tick's
/// readings into the decision, and exports and restores the memory that is persisted. The daemon and the backtest
/// both drive this object, so a backtest rehearses the tick production runs, not only <see cref="DecisionEngine.Decide"/>.
/// </summary>
/// <remarks>
/// A tick is three calls: <see cref="ReadAsync"/> (feed the models this tick's readings and history, ask them),
/// <see cref="Decide"/> (pure; a driver may call it again after a write conflict) and <see cref="Commit"/> (hand the
/// decision back to the gate, keep the state). Not thread-safe: one tick of a policy at a time.
/// </remarks>
public sealed class PolicyRuntime
{
    private readonly RuntimeSettings _settings;
    private ForecastFeed? _forecast;
    private SizingFeed? _sizing;

    /// <summary>Creates the runtime of <paramref name="policy"/>, with empty memory and cold models.</summary>
    public PolicyRuntime(ScalingPolicy policy, RuntimeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(settings);
        Policy = policy;
        _settings = settings;
        _forecast = _settings.Foresight is null ? ForecastFeed.For(policy, settings) : null;
        _sizing = SizingFeed.For(policy, settings);
        Gate = GateFor(policy);
    }

    /// <summary>The policy as loaded (a round may decide with a view of it; see <see cref="Decide"/>).</summary>
    public ScalingPolicy Policy { get; private set; }

    /// <summary>The state the last committed decision handed back.</summary>
    public EngineState State { get; private set; } = EngineState.Empty;

    /// <summary>The policy's forecaster; null when it does not predict or a foresight replaces it.</summary>
    public Forecaster? Forecaster => _forecast?.Forecaster;

    /// <summary>
    /// The gate judging the forecast by its decisions; null without prediction, with <c>trust.gate: error</c>, with
    /// a foresight, or for a <c>kind: HorizontalPodAutoscaler</c> target, whose forecast is judged by its error alone
    /// (what the HPA would run without the forecast is not this policy's decision, so the gate's counterfactual would
    /// be the floor alone).
    /// </summary>
    public ForecastGate? Gate { get; private set; }

    /// <summary>The calibrated sizers, in metric order; null in target mode.</summary>
    public IReadOnlyList<CalibratedSizer>? Sizers => _sizing?.Sizers;

    /// <summary>
    /// Takes a changed definition of the same policy. The memory stays; a model is rebuilt (and warmed again) only
    /// when what it depends on changed, since a refit from history is costly; a rebuilt gate keeps what it had
    /// judged when the new one accepts it.
    /// </summary>
    public void Update(ScalingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var old = Policy.Spec;
        var spec = policy.Spec;
        Policy = policy;
        if (old.Prediction != spec.Prediction || old.Startup != spec.Startup || old.Interval != spec.Interval
            || PredictionMetric(old) != PredictionMetric(spec) || IsHpaFloor(old) != IsHpaFloor(spec))
        {
            _forecast = _settings.Foresight is null ? ForecastFeed.For(policy, _settings) : null;
            var kept = Gate?.Export();
            Gate = GateFor(policy);
            if (kept is not null)
            {
                Gate?.Restore(kept);
            }
        }

        if (old.Sizing != spec.Sizing || old.Startup != spec.Startup || old.Interval != spec.Interval || !old.Metrics.SequenceEqual(spec.Metrics))
        {
            _sizing = SizingFeed.For(policy, _settings);
        }
    }

    /// <summary>
    /// Feeds this tick's <paramref name="readings"/> (one per policy metric, in policy order) and the history that
    /// appeared since the last tick to the models, and returns what they say. A history read that fails is reported
    /// in <see cref="TickSignals.HistoryProblems"/>, never thrown.
    /// </summary>
    public async ValueTask<TickSignals> ReadAsync(DateTimeOffset now, IReadOnlyList<MetricReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        List<HistoryProblem> problems = [];
        var calibration = _sizing is { } sizing ? await sizing.ReadAsync(now, readings, problems, cancellationToken) : null;
        ForecastVerdict? verdict = null;
        if (Gate is { } gate)
        {
            // The gate sees the prediction metric's reading of this tick, then says whether the forecast has earned its place.
            var reading = readings.FirstOrDefault(r => string.Equals(r.Metric, gate.Metric, StringComparison.Ordinal));
            gate.Observe(now, reading?.Value);
            verdict = gate.Verdict(now);
        }

        var forecast = _forecast is { } feed
            ? await feed.ReadAsync(now, problems, cancellationToken)
            : Policy.Spec.Prediction is { Model: not ForecastModelKind.None } ? _settings.Foresight?.Invoke(now) : null;
        return new TickSignals(now, readings, forecast, verdict, calibration, problems);
    }

    /// <summary>
    /// The decision from <paramref name="signals"/>, what the target reports and the operator controls, made from the
    /// remembered state. Pure: nothing is kept until <see cref="Commit"/>.
    /// </summary>
    /// <param name="signals">This tick's <see cref="ReadAsync"/>.</param>
    /// <param name="observation">What the target reports.</param>
    /// <param name="controls">Pause and overrides in force.</param>
    /// <param name="round">The policy as this round sees it (runtime pre-warms merged); null: <see cref="Policy"/>.</param>
    /// <param name="hostedPods">For a VM group, what the pod policies it hosts ask of it.</param>
    public Decision Decide(TickSignals signals, TargetObservation observation, OperatorControls controls, ScalingPolicy? round = null, IReadOnlyList<HostedPodDemand>? hostedPods = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return _settings.Engine(new DecisionInput(round ?? Policy, observation, signals.Readings, signals.Forecast, controls, State, signals.Now)
        {
            Calibration = signals.Calibration,
            ForecastVerdict = signals.Verdict,
            HostedPods = hostedPods,
        });
    }

    /// <summary>
    /// Keeps the outcome of the tick: the gate remembers the decision with the forecast it was given, and the memory
    /// becomes <paramref name="kept"/> (the decision's state, or what the driver keeps when its write did not happen).
    /// </summary>
    public void Commit(TickSignals signals, Decision decision, EngineState? kept = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(decision);
        Gate?.Record(signals.Now, signals.Forecast, decision);
        State = kept ?? decision.State;
    }

    /// <summary>The memory to persist.</summary>
    public PolicyMemory Export() => new(State, Gate?.Export());

    /// <summary>
    /// Replaces the memory with a persisted one (at start, or when this replica takes over). A gate memory the gate
    /// refuses (another metric, damaged) leaves the gate empty, which keeps the forecast out until it earns its place.
    /// </summary>
    public void Restore(PolicyMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        State = memory.Engine;
        Gate = GateFor(Policy);
        if (memory.Gate is { } gate)
        {
            Gate?.Restore(gate);
        }
    }

    /// <summary>The metric a policy predicts, or null.</summary>
    internal static MetricSpec? PredictionMetric(PolicySpec spec) =>
        spec.Prediction is { } p ? spec.Metrics.FirstOrDefault(m => string.Equals(m.Name, p.Metric, StringComparison.Ordinal)) : null;

    private static bool IsHpaFloor(PolicySpec spec) => spec.Target.Kind == TargetKind.HorizontalPodAutoscaler;

    private ForecastGate? GateFor(ScalingPolicy policy) =>
        _settings.Foresight is null && !IsHpaFloor(policy.Spec) ? ForecastGate.For(policy, _settings.SignalLag) : null;
}
