using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using Prometheus;

namespace PromoScaler.Daemon.Telemetry;

/// <summary>
/// The daemon's metrics, on an injectable prometheus-net <see cref="IMetricFactory"/> (tests use a fresh registry).
/// Labels are low-cardinality: the policy name, the target kind, an outcome, an action or a reason code.
/// </summary>
public sealed partial class DaemonMetrics
{
    private static readonly string[] Policy = ["policy"];
    private readonly Gauge[] _replicas;

    /// <summary>Creates the metrics on <paramref name="factory"/>.</summary>
    public DaemonMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Desired = factory.CreateGauge("promoscaler_policy_desired_replicas", "The count the last decision asked for.", Policy);
        Current = factory.CreateGauge("promoscaler_policy_current_replicas", "The target's spec count the last decision started from.", Policy);
        Reactive = factory.CreateGauge("promoscaler_policy_reactive_replicas", "The reactive proposal of the last decision (absent: no valid metric).", Policy);
        Predictive = factory.CreateGauge("promoscaler_policy_predictive_replicas", "The predictive proposal in force (absent: none or ignored).", Policy);
        Floor = factory.CreateGauge("promoscaler_policy_floor_replicas", "The largest pre-warm or floor override (absent: none).", Policy);
        ForecastValue = factory.CreateGauge("promoscaler_forecast_value", "The forecast in metric units, headroom included (absent: no value).", Policy);
        ForecastError = factory.CreateGauge("promoscaler_forecast_trust_error", "The forecast's recent mean absolute percentage error, as a fraction.", Policy);
        _replicas = [Desired, Current, Reactive, Predictive, Floor, ForecastValue, ForecastError];
        Decisions = factory.CreateCounter("promoscaler_decisions_total", "Decisions by policy, action (none, scale) and reason code.", ["policy", "action", "reason"]);
        Writes = factory.CreateCounter("promoscaler_target_writes_total", "Writes to targets by outcome (ok, conflict, throttled, forbidden, notFound, dryRun, notLeader, ...).", ["policy", "target_kind", "outcome"]);
        Observations = factory.CreateCounter("promoscaler_target_reads_total", "Reads of targets by outcome.", ["policy", "target_kind", "outcome"]);
        ObservedFrom = factory.CreateCounter(
            "promoscaler_target_observations_total",
            "Target observations that say where they came from (Kubernetes:TargetCache): watchCache, or why the object was read with a GET (cacheStale, cacheDown, cacheBehind, notCached, conflict).",
            ["target_kind", "from"]);
        CacheAge = factory.CreateHistogram("promoscaler_target_cache_age_seconds", "How long before an observation the target watch cache was last confirmed current (hits and fallbacks alike).",
            new HistogramConfiguration { Buckets = [0.1, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600] });
        MetricReads = factory.CreateCounter("promoscaler_metric_reads_total", "Metric reads by policy and outcome (ok, empty, queryError, readFailed, timeout, circuitOpen).", ["policy", "outcome"]);
        TickFailures = factory.CreateCounter("promoscaler_tick_failures_total", "Ticks that ended in an unexpected error or ran over their budget.", Policy);
        TickDuration = factory.CreateHistogram("promoscaler_tick_duration_seconds", "Time of one policy's tick: reads, decision and write.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
        TickLag = factory.CreateHistogram("promoscaler_tick_lag_seconds", "How late a tick started after it was due.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
        PolicyLoadErrors = factory.CreateCounter("promoscaler_policy_load_errors_total", "Errors in policy sets that were rejected (every error of every rejected reload).");
        PolicyReloads = factory.CreateCounter("promoscaler_policy_reloads_total", "Policy directory reloads by outcome (applied, rejected).", ["outcome"]);
        PoliciesLoaded = factory.CreateGauge("promoscaler_policies_loaded", "Policies in the running set.");
        StateWrites = factory.CreateCounter("promoscaler_state_writes_total", "State store writes by outcome (written, conflict, failed).", ["outcome"]);
        StateLoads = factory.CreateCounter("promoscaler_state_loads_total", "State store loads by outcome (ok, lost: unreadable or corrupt, started from seeded state).", ["outcome"]);
        Leader = factory.CreateGauge("promoscaler_leader", "1 while this replica is the leader (always 1 without leader election).");
        LeadershipKnown = factory.CreateGauge("promoscaler_leadership_known", "1 once this replica knows whether it leads.");
        ConcurrencyLimit = factory.CreateGauge("promoscaler_evaluation_concurrency_limit", "The adaptive limit on policies ticking at once (AIMD: starts at 8, at most Evaluation:MaxConcurrency).");
        EdgeEvaluations = factory.CreateCounter("promoscaler_scheduled_evaluations_total", "Evaluations outside the regular interval: pre-warm and freeze edges, step-limited follow-ups, requests.", Policy);
        CreateStatusMetrics(factory);
    }

    internal Gauge Desired { get; }

    internal Gauge Current { get; }

    internal Gauge Reactive { get; }

    internal Gauge Predictive { get; }

    internal Gauge Floor { get; }

    internal Gauge ForecastValue { get; }

    internal Gauge ForecastError { get; }

    internal Counter Decisions { get; }

    internal Counter Writes { get; }

    internal Counter Observations { get; }

    internal Counter ObservedFrom { get; }

    internal Histogram CacheAge { get; }

    internal Counter MetricReads { get; }

    internal Counter TickFailures { get; }

    internal Histogram TickDuration { get; }

    internal Histogram TickLag { get; }

    internal Counter PolicyLoadErrors { get; }

    internal Counter PolicyReloads { get; }

    internal Gauge PoliciesLoaded { get; }

    internal Counter StateWrites { get; }

    internal Counter StateLoads { get; }

    internal Gauge Leader { get; }

    internal Gauge LeadershipKnown { get; }

    internal Counter EdgeEvaluations { get; }

    internal Gauge ConcurrencyLimit { get; }

    internal void Decided(string policy, Decision decision, ForecastSignal? forecast)
    {
        Desired.WithLabels(policy).Set(decision.Desired);
        Current.WithLabels(policy).Set(decision.Current);
        SetOrRemove(Reactive, policy, decision.Components.Reactive);
        SetOrRemove(Predictive, policy, decision.Components.Predictive);
        SetOrRemove(Floor, policy, decision.Components.Floor);
        SetOrRemove(ForecastValue, policy, forecast?.Value);
        SetOrRemove(ForecastError, policy, forecast?.RecentError);
        Decisions.WithLabels(policy, decision.Action == DecisionAction.Scale ? "scale" : "none", decision.Reason.ToCode()).Inc();
    }

    internal void Wrote(string policy, string targetKind, string outcome) => Writes.WithLabels(policy, targetKind, outcome).Inc();

    internal void Observed(string policy, string targetKind, TargetOutcome outcome) => Observations.WithLabels(policy, targetKind, OutcomeLabel(outcome)).Inc();

    /// <summary>Where an observation came from, when the target says (the Kubernetes watch cache), and the cache's age.</summary>
    internal void Provenance(string targetKind, TargetRead read)
    {
        if (read.ObservedFrom is { } from)
        {
            ObservedFrom.WithLabels(targetKind, from).Inc();
        }

        if (read.CacheAge is { } age)
        {
            CacheAge.Observe(age.TotalSeconds);
        }
    }

    internal void StateWritten(StateWriteOutcome outcome) => StateWrites.WithLabels(outcome.ToString().ToLowerInvariant()).Inc();

    internal void StateLoaded(string outcome) => StateLoads.WithLabels(outcome).Inc();

    internal void SetLeader(bool? leader)
    {
        LeadershipKnown.Set(leader is null ? 0 : 1);
        Leader.Set(leader == true ? 1 : 0);
    }

    /// <summary>Drops the per-policy gauges of a policy that left the catalog, so no stale count is exported.</summary>
    internal void Forget(string policy)
    {
        foreach (var gauge in _replicas)
        {
            gauge.RemoveLabelled(policy);
        }

        ForgetStatus(policy);
    }

    /// <summary>The label of a target outcome: the enum name in camelCase (<c>notFound</c>, <c>circuitOpen</c>).</summary>
    internal static string OutcomeLabel(TargetOutcome outcome) => CamelCase(outcome.ToString());

    internal static string CamelCase(string name) => string.Create(name.Length, name, static (span, n) =>
    {
        n.AsSpan().CopyTo(span);
        span[0] = char.ToLowerInvariant(span[0]);
    });

    private static void SetOrRemove(Gauge gauge, string policy, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            gauge.WithLabels(policy).Set(v);
        }
        else
        {
            gauge.RemoveLabelled(policy);
        }
    }
}
