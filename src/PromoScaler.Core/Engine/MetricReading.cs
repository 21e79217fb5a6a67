namespace PromoScaler.Core.Engine;

/// <summary>Why a read produced no usable value, before the engine looks at the value itself.</summary>
public enum ReadFailure
{
    /// <summary>The source answered with an error (e.g. a PromQL error response).</summary>
    QueryError,
    /// <summary>The request failed (connection refused, 5xx, bad payload).</summary>
    ReadFailed,
    /// <summary>The per-attempt or overall timeout elapsed.</summary>
    Timeout,
    /// <summary>The source's circuit breaker is open; nothing was sent.</summary>
    CircuitOpen,
}

/// <summary>
/// The raw result of reading one metric at one instant, as a metric source reports it. The engine alone
/// decides whether it is valid (see "Missing and invalid data"), so the daemon and the backtest agree.
/// </summary>
/// <param name="Metric">The metric's name in the policy.</param>
/// <param name="Value">The single series' value; null when the read failed or the result was empty.</param>
/// <param name="SeriesCount">How many series the query returned (0 = empty result).</param>
/// <param name="Failure">Set when the read itself failed.</param>
/// <param name="FreshAt">
/// The newest sample's time (from <c>freshnessQuery</c>) or, without one, the time of the last successful read.
/// Null when unknown (never read successfully).
/// </param>
/// <param name="Completeness">The completeness query's value (a fraction), when the metric has one.</param>
/// <param name="Detail">A short human message from the source (error text), never a secret.</param>
/// <param name="Warnings">Warnings the source returned with the result.</param>
public sealed record MetricReading(
    string Metric,
    double? Value,
    int SeriesCount,
    DateTimeOffset? FreshAt,
    ReadFailure? Failure = null,
    double? Completeness = null,
    string? Detail = null,
    IReadOnlyList<string>? Warnings = null)
{
    /// <summary>A successful one-series read.</summary>
    public static MetricReading Of(string metric, double value, DateTimeOffset freshAt) => new(metric, value, 1, freshAt);

    /// <summary>An empty result (no series).</summary>
    public static MetricReading Empty(string metric, DateTimeOffset? freshAt) => new(metric, null, 0, freshAt);

    /// <summary>A failed read.</summary>
    public static MetricReading Failed(string metric, ReadFailure failure, string? detail, DateTimeOffset? lastSuccess) =>
        new(metric, null, 0, lastSuccess, failure, Detail: detail);
}
