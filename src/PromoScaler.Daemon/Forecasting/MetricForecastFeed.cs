using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Forecasting;

/// <summary>
/// Feeds one policy's <see cref="Forecaster"/> the way the backtest's model feed does: every step sample on the
/// <see cref="StepCursor"/> grid, oldest first, each once, a missing one as missing; here read from the metric's
/// history (<c>query_range</c> over <c>history</c> at the first tick, then the steps that appeared since).
/// </summary>
internal sealed class MetricForecastFeed
{
    private readonly Forecaster _forecaster;
    private readonly PredictionSpec _prediction;
    private readonly MetricSpec _metric;
    private readonly IMetricHistory _history;
    private readonly ILogger _logger;
    private StepCursor? _cursor;

    public MetricForecastFeed(Forecaster forecaster, PredictionSpec prediction, MetricSpec metric, IMetricHistory history, ILogger logger)
    {
        _forecaster = forecaster;
        _prediction = prediction;
        _metric = metric;
        _history = history;
        _logger = logger;
    }

    /// <summary>The forecaster fed (for the admin surface and tests).</summary>
    public Forecaster Forecaster => _forecaster;

    /// <summary>The feed for <paramref name="policy"/>, or null when it does not predict.</summary>
    public static MetricForecastFeed? For(ScalingPolicy policy, IMetricHistory history, ILogger logger)
    {
        if (Forecaster.For(policy) is not { } forecaster)
        {
            return null;
        }

        var prediction = policy.Spec.Prediction!;
        var metric = policy.Spec.Metrics.First(m => string.Equals(m.Name, prediction.Metric, StringComparison.Ordinal));
        return new MetricForecastFeed(forecaster, prediction, metric, history, logger);
    }

    /// <summary>
    /// Feeds every step sample stamped at most <paramref name="now"/> not fed yet, then returns the forecast. A read
    /// that fails feeds nothing and is retried at the next tick (the forecaster treats a long gap as a fresh start).
    /// </summary>
    public async ValueTask<ForecastSignal> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var oldest = now - _prediction.History;
        if (_cursor is null || _cursor.Next < oldest)
        {
            _cursor = new StepCursor(_prediction.Step, oldest);
        }

        var newest = _cursor.Floor(now);
        if (_cursor.HasDue(newest))
        {
            var read = await _history.ReadRangeAsync(_metric, _cursor.Next, newest, _prediction.Step, cancellationToken);
            if (read.Failure is { } failure)
            {
                Log.HistoryFailed(_logger, _metric.Name, failure);
            }
            else
            {
                Feed(read.Samples, newest);
            }
        }

        return _forecaster.Predict(now);
    }

    private void Feed(IReadOnlyList<HistorySample> samples, DateTimeOffset newest)
    {
        var values = new Dictionary<DateTimeOffset, double>(samples.Count);
        foreach (var sample in samples)
        {
            values[sample.Timestamp] = sample.Value;
        }

        // A step without a value is a hole (missing), except under whenEmpty: zero, where no series is a true 0, as
        // the instant read and the backtest's Prometheus trace count it.
        double? empty = _metric.WhenEmpty == EmptyResultMode.Zero ? 0 : null;
        foreach (var stamp in _cursor!.TakeDue(newest))
        {
            _forecaster.Observe(stamp, values.TryGetValue(stamp, out var v) ? v : empty);
        }
    }
}
