using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Prometheus.Api;

namespace PromoScaler.Daemon.Forecasting;

/// <summary>
/// <see cref="IMetricHistory"/> over Prometheus <c>query_range</c>, evaluated at the source's <c>QueryOffset</c>
/// before each stamp, as the instant reads are, so a sample stamped T is what an instant read at T would have seen.
/// </summary>
internal sealed class PrometheusMetricHistory(PrometheusHistoryReader reader, PrometheusQueryClient client) : IMetricHistory
{
    public async ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        var offset = client.FindSource(metric.Source)?.QueryOffset ?? TimeSpan.Zero;
        try
        {
            var samples = await reader.ReadAsync(metric, first - offset, last - offset, resolution, cancellationToken);
            return new MetricHistoryRead([.. samples.Select(s => new HistorySample(s.Timestamp + offset, s.Value))]);
        }
        catch (PrometheusQueryException ex)
        {
            return MetricHistoryRead.Failed(ex.Message);
        }
    }
}
