namespace PromoScaler.Prometheus.Api;

/// <summary>One sample: the time Prometheus reports with it and its value (NaN and infinities kept as such).</summary>
public readonly record struct PrometheusSample(DateTimeOffset Timestamp, double Value);

/// <summary>One series of a result: its labels and its samples in time order (one for an instant query).</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusSample> Samples)
{
    /// <summary>The labels as PromQL writes them, e.g. <c>{job="api", pod="a"}</c>, for messages.</summary>
    public string LabelText =>
        "{" + string.Join(", ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}

/// <summary>Kinds of result the HTTP API v1 returns (<c>data.resultType</c>).</summary>
public enum PrometheusResultType
{
    /// <summary>Instant vector: zero or more series with one sample each.</summary>
    Vector,
    /// <summary>A single number; reported as one series without labels.</summary>
    Scalar,
    /// <summary>Range vector: series with many samples (query_range, or a range selector).</summary>
    Matrix,
    /// <summary>A string literal; not a usable metric.</summary>
    Text,
}

/// <summary>A successful answer of <c>/api/v1/query</c> or <c>/api/v1/query_range</c>.</summary>
/// <param name="ResultType">The result's kind.</param>
/// <param name="Series">The series (empty for an empty vector).</param>
/// <param name="Warnings">Warnings (and infos) Prometheus returned with the result; kept and shown, never dropped.</param>
public sealed record PrometheusQueryResult(
    PrometheusResultType ResultType,
    IReadOnlyList<PrometheusSeries> Series,
    IReadOnlyList<string> Warnings);
