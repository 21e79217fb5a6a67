using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// Feeds a calibrated policy's sizing models: at the first tick each metric's history over the calibration window on
/// the interval grid (so a model is warm at once, after a restart too), then the reading of every tick. The models
/// are the sizers' own; this only decides what they are fed and when.
/// </summary>
internal sealed class SizingFeed
{
    private readonly ScalingPolicy _policy;
    private readonly CalibratedSizer[] _sizers;
    private readonly IMetricHistory _history;
    private bool _warm;

    private SizingFeed(ScalingPolicy policy, CalibratedSizer[] sizers, IMetricHistory history)
    {
        _policy = policy;
        _sizers = sizers;
        _history = history;
    }

    public IReadOnlyList<CalibratedSizer> Sizers => _sizers;

    /// <summary>The feed of a calibrated <paramref name="policy"/>; null in target mode.</summary>
    public static SizingFeed? For(ScalingPolicy policy, RuntimeSettings settings)
    {
        if (policy.Spec.Sizing.Mode != SizingMode.Calibrated)
        {
            return null;
        }

        var sizers = policy.Spec.Metrics.Select(m => CalibratedSizer.For(policy, m, settings.SignalLag)!).ToArray();
        return new SizingFeed(policy, sizers, settings.History);
    }

    /// <summary>Warms the models at the first call, feeds this tick's <paramref name="readings"/>, and proposes.</summary>
    public async ValueTask<CalibrationSignal[]> ReadAsync(DateTimeOffset now, IReadOnlyList<MetricReading> readings, List<HistoryProblem> problems, CancellationToken cancellationToken)
    {
        if (!_warm)
        {
            _warm = true; // once: a failed warm-up leaves the model on its stated fallback until it has samples
            await WarmUpAsync(now, problems, cancellationToken);
        }

        var signals = new CalibrationSignal[_sizers.Length];
        for (var m = 0; m < _sizers.Length; m++)
        {
            _sizers[m].Observe(now, readings[m].Value);
            signals[m] = _sizers[m].Propose(now);
        }

        return signals;
    }

    private async Task WarmUpAsync(DateTimeOffset now, List<HistoryProblem> problems, CancellationToken cancellationToken)
    {
        var interval = _policy.Spec.Interval;
        var first = now - (_policy.Spec.Sizing.Window.Ticks / interval.Ticks * interval);
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
                problems.Add(new HistoryProblem(metric.Name, "calibration", failure));
                continue;
            }

            // Stamps before the first sample are not fed: the metric (or the trace) did not exist yet.
            double? empty = metric.WhenEmpty == EmptyResultMode.Zero ? 0 : null;
            var values = read.Samples.ToDictionary(s => s.Timestamp, s => s.Value);
            var start = read.Samples.Count > 0 ? read.Samples.Min(s => s.Timestamp) : DateTimeOffset.MaxValue;
            for (var t = first; t <= last; t += interval)
            {
                if (t >= start)
                {
                    _sizers[m].Observe(t, values.TryGetValue(t, out var v) ? v : empty);
                }
            }
        }
    }
}
