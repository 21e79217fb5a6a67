using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// Feeds one policy's <see cref="Forecaster"/>: every step sample on the <see cref="StepCursor"/> grid that exists by
/// the tick (stamped at most now - sample delay), oldest first, each once, a missing one as missing; at the first
/// tick the whole <c>history</c>, then the steps that appeared since.
/// </summary>
internal sealed class ForecastFeed
{
    private readonly PredictionSpec _prediction;
    private readonly MetricSpec _metric;
    private readonly IMetricHistory _history;
    private readonly TimeSpan _sampleDelay;
    private StepCursor? _cursor;

    private ForecastFeed(Forecaster forecaster, PredictionSpec prediction, MetricSpec metric, IMetricHistory history, TimeSpan sampleDelay)
    {
        Forecaster = forecaster;
        _prediction = prediction;
        _metric = metric;
        _history = history;
        _sampleDelay = sampleDelay;
    }

    public Forecaster Forecaster { get; }

    /// <summary>The feed of a predicting <paramref name="policy"/>; null when it does not predict.</summary>
    public static ForecastFeed? For(ScalingPolicy policy, RuntimeSettings settings)
    {
        if (Forecaster.For(policy) is not { } forecaster)
        {
            return null;
        }

        var prediction = policy.Spec.Prediction!;
        var metric = PolicyRuntime.PredictionMetric(policy.Spec)!;
        return new ForecastFeed(forecaster, prediction, metric, settings.StepHistory ?? settings.History, settings.SampleDelay);
    }

    /// <summary>
    /// Feeds every step sample that exists at <paramref name="now"/> and was not fed yet, then forecasts. A read that
    /// fails feeds nothing and is tried again at the next tick (the forecaster treats a long gap as a fresh start).
    /// </summary>
    public async ValueTask<ForecastSignal> ReadAsync(DateTimeOffset now, List<HistoryProblem> problems, CancellationToken cancellationToken)
    {
        var oldest = now - _prediction.History;
        if (_cursor is null || _cursor.Next < oldest)
        {
            _cursor = new StepCursor(_prediction.Step, oldest);
        }

        var newest = _cursor.Floor(now - _sampleDelay);
        if (_cursor.HasDue(newest))
        {
            var read = await _history.ReadRangeAsync(_metric, _cursor.Next, newest, _prediction.Step, cancellationToken);
            if (read.Failure is { } failure)
            {
                problems.Add(new HistoryProblem(_metric.Name, "forecast", failure));
            }
            else
            {
                Feed(read.Samples, newest);
            }
        }

        return Forecaster.Predict(now);
    }

    private void Feed(IReadOnlyList<HistorySample> samples, DateTimeOffset newest)
    {
        var values = new Dictionary<DateTimeOffset, double>(samples.Count);
        foreach (var sample in samples)
        {
            values[sample.Timestamp] = sample.Value;
        }

        // A step without a value is a hole (missing), except under whenEmpty: zero, where no series is a true 0, as
        // the instant read counts it. Holes before the model's first value are not fed: a model does not start on a
        // hole (a metric younger than the history, a trace that starts later).
        double? empty = _metric.WhenEmpty == EmptyResultMode.Zero ? 0 : null;
        foreach (var stamp in _cursor!.TakeDue(newest))
        {
            double? value = values.TryGetValue(stamp, out var v) ? v : empty;
            if (value is not null || Forecaster.NewestSample is not null)
            {
                Forecaster.Observe(stamp, value);
            }
        }
    }
}
