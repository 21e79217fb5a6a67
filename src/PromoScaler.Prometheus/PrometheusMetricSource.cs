using System.Collections.Concurrent;
using System.Globalization;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Prometheus.Api;

namespace PromoScaler.Prometheus;

/// <summary>
/// The daemon's <see cref="IMetricSource"/> over Prometheus. It reports what Prometheus answered, faithfully, and
/// leaves the verdict to the engine ("Missing and invalid data"): series count, the single series' value (NaN,
/// infinities and negatives kept), the freshness time, the completeness fraction, the failure kind and warnings.
/// Never a silent zero: an empty result has no value, whatever <c>whenEmpty</c> says; the engine applies it.
/// </summary>
public sealed class PrometheusMetricSource : IMetricSource
{
    private const int MaxLabelSetsInDetail = 3;
    private readonly PrometheusQueryClient _client;
    private readonly ConcurrentDictionary<(string Source, string Query), DateTimeOffset> _lastSuccess = new();

    /// <summary>Creates the source over <paramref name="client"/>.</summary>
    public PrometheusMetricSource(PrometheusQueryClient client) => _client = client;

    /// <summary>
    /// Evaluates the metric's query, and its <c>freshnessQuery</c> and <c>completenessQuery</c> when set, all at
    /// <c>at - queryOffset</c> rounded down to the source's <c>QueryAlignment</c>, concurrently; identical queries of
    /// other reads at that instant share one request. <see cref="MetricReading.FreshAt"/> is the freshness query's sample
    /// time, or without one the time of the last successful read (an instant query's timestamp is the evaluation
    /// time, not the sample's, so it says nothing about freshness). A failure of any of the queries fails the read.
    /// </summary>
    public async ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var key = (metric.Source, metric.Query);
        DateTimeOffset? lastSuccess = _lastSuccess.TryGetValue(key, out var last) ? last : null;
        var options = _client.FindSource(metric.Source);
        var evaluateAt = Align(at - (options?.QueryOffset ?? TimeSpan.Zero), options?.QueryAlignment ?? TimeSpan.Zero);

        var main = _client.QueryAsync(metric.Source, metric.Query, evaluateAt, cancellationToken);
        var freshness = metric.FreshnessQuery is null ? null : _client.QueryAsync(metric.Source, metric.FreshnessQuery, evaluateAt, cancellationToken);
        var completeness = metric.CompletenessQuery is null ? null : _client.QueryAsync(metric.Source, metric.CompletenessQuery, evaluateAt, cancellationToken);

        // Wait for all three so none is left unobserved, then report the first failure in the order main, freshness,
        // completeness; the caller's cancellation propagates as such.
        var pending = new[] { main, freshness, completeness }.OfType<Task<PrometheusQueryResult>>().ToArray();
        try
        {
            await Task.WhenAll(pending);
        }
        catch (PrometheusQueryException)
        {
            // Inspected per task below.
        }

        var failure = FirstFailure(main, null) ?? FirstFailure(freshness, "freshnessQuery") ?? FirstFailure(completeness, "completenessQuery");
        if (failure is not null)
        {
            return MetricReading.Failed(metric.Name, failure.Failure, failure.Message, lastSuccess);
        }

        return Reading(metric, at, lastSuccess, main.Result, freshness?.Result, completeness?.Result);
    }

    /// <summary>The reading from the answers of a read's queries, all of which succeeded.</summary>
    private MetricReading Reading(MetricSpec metric, DateTimeOffset at, DateTimeOffset? lastSuccess, PrometheusQueryResult result, PrometheusQueryResult? freshnessResult, PrometheusQueryResult? completenessResult)
    {
        if (result.ResultType is not (PrometheusResultType.Vector or PrometheusResultType.Scalar))
        {
            var detail = $"the query returned a {result.ResultType.ToString().ToLowerInvariant()}, not an instant vector or scalar";
            return MetricReading.Failed(metric.Name, ReadFailure.QueryError, detail, lastSuccess) with { Warnings = result.Warnings };
        }

        var warnings = new List<string>(result.Warnings);
        var seriesCount = result.Series.Count;
        var succeeded = seriesCount == 1 || (seriesCount == 0 && metric.WhenEmpty == EmptyResultMode.Zero);
        if (succeeded)
        {
            _lastSuccess[(metric.Source, metric.Query)] = at;
            lastSuccess = at;
        }

        var (freshAt, freshDetail) = freshnessResult is null ? (lastSuccess, null) : FreshnessOf(freshnessResult, warnings);
        var completenessValue = completenessResult is null ? (double?)null : CompletenessOf(completenessResult, warnings);
        var value = seriesCount == 1 ? result.Series[0].Samples[0].Value : (double?)null;
        var seriesDetail = seriesCount > 1 ? SeriesDetail(result.Series) : seriesCount == 0 ? "the query returned no series" : null;
        var details = string.Join("; ", new[] { seriesDetail, freshDetail }.Where(d => d is not null));

        return new MetricReading(
            metric.Name,
            value,
            seriesCount,
            freshAt,
            Failure: null,
            Completeness: completenessValue,
            Detail: details.Length == 0 ? null : details,
            Warnings: warnings.Count == 0 ? null : warnings);
    }

    /// <summary><paramref name="instant"/> rounded down to a multiple of <paramref name="step"/> on the Unix epoch (unchanged for 0).</summary>
    internal static DateTimeOffset Align(DateTimeOffset instant, TimeSpan step)
    {
        if (step <= TimeSpan.Zero)
        {
            return instant;
        }

        var sinceEpoch = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(instant.UtcTicks - (((sinceEpoch % step.Ticks) + step.Ticks) % step.Ticks), TimeSpan.Zero);
    }

    private static PrometheusQueryException? FirstFailure(Task<PrometheusQueryResult>? query, string? what)
    {
        if (query is not { IsFaulted: true } || query.Exception!.InnerException is not PrometheusQueryException ex)
        {
            return null;
        }

        return what is null ? ex : new PrometheusQueryException(ex.Source, ex.Failure, $"{what}: {ex.Message}", ex);
    }

    /// <summary>
    /// The freshness query returns Unix seconds of the newest sample. Several series: the oldest counts (the
    /// conservative reading). No series or a non-finite value: freshness unknown (null).
    /// </summary>
    private static (DateTimeOffset? FreshAt, string? Detail) FreshnessOf(PrometheusQueryResult result, List<string> warnings)
    {
        warnings.AddRange(result.Warnings.Select(w => "freshnessQuery: " + w));
        if (result.ResultType is not (PrometheusResultType.Vector or PrometheusResultType.Scalar) || result.Series.Count == 0)
        {
            return (null, "freshnessQuery returned no series: freshness unknown");
        }

        var seconds = result.Series.Min(s => s.Samples[0].Value);
        if (result.Series.Count > 1)
        {
            warnings.Add($"freshnessQuery returned {result.Series.Count} series; the oldest time is used");
        }

        if (!double.IsFinite(seconds))
        {
            return (null, "freshnessQuery returned " + seconds.ToString(CultureInfo.InvariantCulture) + ": freshness unknown");
        }

        return (DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), null);
    }

    /// <summary>
    /// The completeness fraction. No series (e.g. <c>count(up == 1) / count(up)</c> when nothing is up) counts as 0;
    /// several series: the lowest; NaN counts as 0 so that an undefined ratio can never pass a minimum.
    /// </summary>
    private static double CompletenessOf(PrometheusQueryResult result, List<string> warnings)
    {
        warnings.AddRange(result.Warnings.Select(w => "completenessQuery: " + w));
        if (result.ResultType is not (PrometheusResultType.Vector or PrometheusResultType.Scalar) || result.Series.Count == 0)
        {
            warnings.Add("completenessQuery returned no series; counted as 0");
            return 0;
        }

        if (result.Series.Count > 1)
        {
            warnings.Add($"completenessQuery returned {result.Series.Count} series; the lowest is used");
        }

        var fraction = result.Series.Min(s => s.Samples[0].Value);
        if (double.IsNaN(fraction))
        {
            warnings.Add("completenessQuery returned NaN; counted as 0");
            return 0;
        }

        return fraction;
    }

    private static string SeriesDetail(IReadOnlyList<PrometheusSeries> series)
    {
        var shown = string.Join(", ", series.Take(MaxLabelSetsInDetail).Select(s => s.LabelText));
        return $"the query returned {series.Count} series: {shown}{(series.Count > MaxLabelSetsInDetail ? ", ..." : "")}";
    }
}
