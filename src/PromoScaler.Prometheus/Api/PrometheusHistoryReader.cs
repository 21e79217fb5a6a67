using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Prometheus.Api;

/// <summary>
/// Reads a policy metric's history with <c>query_range</c>, for backtests: the metric's own query at each step,
/// from its configured source (or a fixed one, for <c>--prometheus URL</c>).
/// </summary>
public sealed class PrometheusHistoryReader
{
    private readonly PrometheusQueryClient _client;

    /// <summary>Creates the reader over <paramref name="client"/>.</summary>
    public PrometheusHistoryReader(PrometheusQueryClient client) => _client = client;

    /// <summary>
    /// The metric's samples at <c>from + k x step</c> up to <paramref name="to"/>, in time order. Steps where the
    /// query had no value are absent (a hole, as in a trace). More than one series is an error naming their labels:
    /// a backtest, like the daemon, needs exactly one.
    /// </summary>
    /// <exception cref="PrometheusQueryException">The query failed or returned several series.</exception>
    public async Task<IReadOnlyList<PrometheusSample>> ReadAsync(
        MetricSpec metric,
        DateTimeOffset from,
        DateTimeOffset to,
        TimeSpan step,
        CancellationToken cancellationToken,
        string? sourceOverride = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var source = sourceOverride ?? metric.Source;
        var result = await _client.QueryRangeAsync(source, metric.Query, from, to, step, cancellationToken);
        return result.Series.Count switch
        {
            0 => [],
            1 => result.Series[0].Samples,
            _ => throw new PrometheusQueryException(
                source,
                ReadFailure.QueryError,
                $"metric '{metric.Name}': the query returned {result.Series.Count} series ({string.Join(", ", result.Series.Take(3).Select(s => s.LabelText))}); it must return one"),
        };
    }
}
