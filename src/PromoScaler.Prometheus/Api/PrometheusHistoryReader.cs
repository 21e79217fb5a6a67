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
    /// The most points Prometheus returns for one series of one range query: it refuses a query whose
    /// <c>(end - start) / step</c> is above 11,000 ("exceeded maximum resolution of 11,000 points per timeseries").
    /// </summary>
    public const int MaxPointsPerQuery = 11_000;

    /// <summary>
    /// The metric's samples at <c>from + k x step</c> up to <paramref name="to"/>, in time order. Steps where the
    /// query had no value are absent (a hole, as in a trace). More than one series is an error naming their labels:
    /// a backtest, like the daemon, needs exactly one. A range of more than <see cref="MaxPointsPerQuery"/> points is
    /// read as consecutive queries on the same grid, each within Prometheus' limit.
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
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var source = sourceOverride ?? metric.Source;
        var samples = new List<PrometheusSample>();
        // Each chunk spans MaxPointsPerQuery - 1 steps (MaxPointsPerQuery points); the next starts one step later.
        for (var start = from; start <= to; start += step * MaxPointsPerQuery)
        {
            var end = to - start > step * (MaxPointsPerQuery - 1) ? start + (step * (MaxPointsPerQuery - 1)) : to;
            var result = await _client.QueryRangeAsync(source, metric.Query, start, end, step, cancellationToken);
            switch (result.Series.Count)
            {
                case 0:
                    break;
                case 1:
                    samples.AddRange(result.Series[0].Samples);
                    break;
                default:
                    throw new PrometheusQueryException(
                        source,
                        ReadFailure.QueryError,
                        $"metric '{metric.Name}': the query returned {result.Series.Count} series ({string.Join(", ", result.Series.Take(3).Select(s => s.LabelText))}); it must return one");
            }

            if (end == to)
            {
                break;
            }
        }

        return samples;
    }
}
