using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Daemon.Sizing;

/// <summary>
/// Feeds a calibrated policy's sizing models as the backtest's feed does: at the first tick, each metric's history
/// over the calibration window on the interval grid (<c>query_range</c>), so the model is warm at once, even after a
/// restart; then the reading of every tick. The models are rebuilt from Prometheus on a restart rather than stored:
/// a day of rises is hundreds of kilobytes per metric, more than a state ConfigMap should carry at every tick.
/// </summary>
internal sealed class CalibrationFeed
{
    private readonly ScalingPolicy _policy;
    private readonly CalibratedSizer[] _sizers;
    private readonly IMetricHistory _history;
    private readonly ILogger _logger;
    private readonly CalibrationSignal[] _signals;
    private bool _warm;

    private CalibrationFeed(ScalingPolicy policy, CalibratedSizer[] sizers, IMetricHistory history, ILogger logger)
    {
        _policy = policy;
        _sizers = sizers;
        _history = history;
        _logger = logger;
        _signals = new CalibrationSignal[sizers.Length];
    }

    /// <summary>The models, in policy metric order (for tests and the admin surface).</summary>
    public IReadOnlyList<CalibratedSizer> Sizers => _sizers;

    /// <summary>The feed of a calibrated <paramref name="policy"/>; null in target mode.</summary>
    public static CalibrationFeed? For(ScalingPolicy policy, IMetricHistory history, ILogger logger)
    {
        if (policy.Spec.Sizing.Mode != SizingMode.Calibrated)
        {
            return null;
        }

        // The daemon's readings are stamped when read: the rises the model learns are rises of the readings
        // themselves, so whatever delay the query has is already inside them; no extra lag is added.
        var sizers = policy.Spec.Metrics.Select(m => CalibratedSizer.For(policy, m, TimeSpan.Zero)!).ToArray();
        return new CalibrationFeed(policy, sizers, history, logger);
    }

    /// <summary>Warms the models at the first call, feeds this tick's <paramref name="readings"/>, and proposes.</summary>
    public async ValueTask<IReadOnlyList<CalibrationSignal>> ReadAsync(DateTimeOffset now, IReadOnlyList<MetricReading> readings, CancellationToken cancellationToken)
    {
        if (!_warm)
        {
            _warm = true; // once: a failed warm-up leaves the model on its stated fallback until it has samples
            await WarmUpAsync(now, cancellationToken);
        }

        for (var m = 0; m < _sizers.Length; m++)
        {
            var reading = readings[m];
            _sizers[m].Observe(now, reading.Failure is null ? reading.Value : null);
            _signals[m] = _sizers[m].Propose(now);
        }

        return [.. _signals];
    }

    private async Task WarmUpAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var interval = _policy.Spec.Interval;
        var first = now - _policy.Spec.Sizing.Window;
        var last = now - interval;
        if (last < first)
        {
            return;
        }

        for (var m = 0; m < _sizers.Length; m++)
        {
            var metric = _policy.Spec.Metrics[m];
            var read = await _history.ReadRangeAsync(metric, first, last, interval, cancellationToken);
            if (read.Failure is { } failure)
            {
                Log.CalibrationHistoryFailed(_logger, metric.Name, failure);
                continue;
            }

            double? empty = metric.WhenEmpty == EmptyResultMode.Zero ? 0 : null;
            var values = read.Samples.ToDictionary(s => s.Timestamp, s => s.Value);
            for (var t = first; t <= last; t += interval)
            {
                _sizers[m].Observe(t, values.TryGetValue(t, out var v) ? v : empty);
            }
        }
    }
}
