using Prometheus;

namespace PromoScaler.Prometheus.Telemetry;

/// <summary>
/// The source's own metrics, on an injectable prometheus-net <see cref="IMetricFactory"/> (tests use a fresh
/// registry). Labels are low-cardinality: the configured source name and an outcome or reason code.
/// </summary>
public sealed class PrometheusSourceMetrics
{
    /// <summary>Outcome label of a successful query.</summary>
    public const string SuccessOutcome = "success";

    /// <summary>Creates the metrics on <paramref name="factory"/>.</summary>
    public PrometheusSourceMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        QueryDuration = factory.CreateHistogram(
            "promoscaler_prometheus_query_duration_seconds",
            "Time to answer one PromQL query, retries included, by source and outcome.",
            new HistogramConfiguration
            {
                LabelNames = ["source", "outcome"],
                Buckets = Histogram.ExponentialBuckets(0.005, 2, 12),
            });
        Errors = factory.CreateCounter(
            "promoscaler_prometheus_query_errors_total",
            "Queries that gave no result, by source and reason (queryError, readFailed, timeout, circuitOpen).",
            ["source", "reason"]);
        Requests = factory.CreateCounter(
            "promoscaler_prometheus_requests_total",
            "HTTP requests sent to Prometheus (retries included), by source and endpoint (query, query_range).",
            ["source", "endpoint"]);
        Coalesced = factory.CreateCounter(
            "promoscaler_prometheus_queries_coalesced_total",
            "Instant queries answered by another read's request, by source and how (inFlight: awaited it; recent: its answer was kept).",
            ["source", "shared"]);
        CircuitState = factory.CreateGauge(
            "promoscaler_prometheus_circuit_state",
            "Circuit breaker state per source: 0 closed, 1 half-open (probing), 2 open.",
            ["source"]);
    }

    internal Histogram QueryDuration { get; }

    internal Counter Errors { get; }

    internal Gauge CircuitState { get; }

    internal Counter Requests { get; }

    internal Counter Coalesced { get; }

    internal void Observe(string source, string outcome, TimeSpan elapsed)
    {
        QueryDuration.WithLabels(source, outcome).Observe(elapsed.TotalSeconds);
        if (outcome != SuccessOutcome)
        {
            Errors.WithLabels(source, outcome).Inc();
        }
    }

    internal void Shared(string source, Api.QueryCoalescer.Sharing sharing)
    {
        if (sharing != Api.QueryCoalescer.Sharing.Sent)
        {
            Coalesced.WithLabels(source, sharing == Api.QueryCoalescer.Sharing.InFlight ? "inFlight" : "recent").Inc();
        }
    }

    internal void SetCircuit(string source, CircuitStateValue state) => CircuitState.WithLabels(source).Set((double)state);
}

/// <summary>Values of <c>promoscaler_prometheus_circuit_state</c>.</summary>
internal enum CircuitStateValue
{
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}
