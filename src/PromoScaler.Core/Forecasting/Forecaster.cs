using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Forecasting;

/// <summary>
/// The stateful forecast for one policy (spec "Prediction"). It is fed the prediction metric at resolution
/// <c>step</c> (<see cref="Observe"/>), keeps <c>history</c> of samples, fits its model once enough history exists,
/// updates the state at each new sample and re-optimises the parameters at most once per season; then
/// <see cref="Predict"/> gives the engine its <see cref="ForecastSignal"/>. Pure: no clock, all times are passed in.
/// </summary>
public sealed class Forecaster
{
    private readonly ISeasonalModel _model;
    private readonly PredictionSpec _spec;
    private readonly TimeSpan _startup;
    private readonly TimeSpan _interval;
    private readonly bool _gating;
    private readonly long _stepTicks;
    private readonly double[] _history; // ring of the last Capacity samples, NaN = missing
    private readonly TrustWindow _trust;
    private readonly Queue<PendingForecast> _pending = new();
    private int _count;
    private long _newestIndex = long.MinValue;
    private bool _fitted;
    private int _samplesSinceFit;

    /// <summary>Creates the forecaster for <paramref name="spec"/>.</summary>
    /// <param name="spec">The policy's prediction block (model must not be <see cref="ForecastModelKind.None"/>).</param>
    /// <param name="startup">The policy's <c>startup</c>: capacity decided now serves from now + startup.</param>
    /// <param name="interval">The policy's <c>interval</c>: the forecast covers [now + startup, now + startup + interval].</param>
    /// <param name="gating">False ignores <c>trust.maxError</c> (ablation); the error is still reported. Default true.</param>
    public Forecaster(PredictionSpec spec, TimeSpan startup, TimeSpan interval, bool gating = true)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Step <= TimeSpan.Zero || spec.Season < spec.Step || spec.Season.Ticks % spec.Step.Ticks != 0)
        {
            throw new ArgumentException($"prediction.step {spec.Step} must be positive and divide prediction.season {spec.Season}.", nameof(spec));
        }

        var seasonLength = checked((int)(spec.Season.Ticks / spec.Step.Ticks));
        _model = spec.Model switch
        {
            ForecastModelKind.HoltWinters => new HoltWintersModel(seasonLength, spec.Seasonality),
            ForecastModelKind.SeasonalNaive => new SeasonalNaiveModel(seasonLength),
            _ => throw new ArgumentException($"prediction.model {spec.Model} has no forecaster.", nameof(spec)),
        };
        _spec = spec;
        _startup = startup;
        _interval = interval;
        _gating = gating;
        _stepTicks = spec.Step.Ticks;
        Capacity = Math.Max(_model.MinimumSamples, checked((int)(spec.History.Ticks / _stepTicks)));
        _history = new double[Capacity];
        _trust = new TrustWindow(spec.Trust.Window.Ticks / _stepTicks);
    }

    /// <summary>Samples retained for fitting: max(history / step, what the model needs).</summary>
    public int Capacity { get; }

    /// <summary>True once the model has been fitted.</summary>
    public bool IsReady => _fitted;

    /// <summary>How many times the parameters were (re-)optimised; at most once per season of samples.</summary>
    public int FitCount { get; private set; }

    /// <summary>Model name as the policy writes it.</summary>
    public string ModelName => _spec.Model == ForecastModelKind.HoltWinters ? "holtWinters" : "seasonalNaive";

    /// <summary>The time of the newest sample, if any.</summary>
    public DateTimeOffset? NewestSample => _newestIndex == long.MinValue ? null : new DateTimeOffset(_newestIndex * _stepTicks, TimeSpan.Zero);

    /// <summary>Builds the forecaster a policy asks for, or null when it has no prediction.</summary>
    public static Forecaster? For(ScalingPolicy policy, bool gating = true)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var prediction = policy.Spec.Prediction;
        return prediction is null || prediction.Model == ForecastModelKind.None
            ? null
            : new Forecaster(prediction, policy.Spec.Startup, policy.Spec.Interval, gating);
    }

    /// <summary>
    /// Feeds the sample at <paramref name="at"/> (floored to the step grid); null or NaN = missing. Samples at or
    /// before the newest are ignored; skipped steps count as missing (the model imputes them); a gap longer than the
    /// retained history starts over.
    /// </summary>
    public void Observe(DateTimeOffset at, double? value)
    {
        var index = Math.DivRem(at.UtcTicks, _stepTicks, out _);
        if (_newestIndex != long.MinValue && index <= _newestIndex)
        {
            return;
        }

        if (_newestIndex != long.MinValue && index - _newestIndex > Capacity)
        {
            Reset();
        }

        if (_newestIndex != long.MinValue)
        {
            for (var missing = _newestIndex + 1; missing < index; missing++)
            {
                Append(missing, double.NaN);
            }
        }

        Append(index, value is { } v && double.IsFinite(v) ? v : double.NaN);
    }

    /// <summary>
    /// The forecast signal at <paramref name="now"/>: the largest forecast over [now + startup, now + startup +
    /// interval] counted from the newest sample, times 1 + headroom, gated by the recent error.
    /// </summary>
    public ForecastSignal Predict(DateTimeOffset now)
    {
        if (!_fitted)
        {
            return new ForecastSignal(ForecastStatus.NotReady, null, null, ModelName);
        }

        var error = _trust.MeanError;
        if (double.IsNaN(Sample(_newestIndex)))
        {
            return new ForecastSignal(ForecastStatus.InputInvalid, null, error, ModelName);
        }

        // Sample points bracketing the horizon; the forecast between two points is their interpolation, so the
        // bracketing points bound its maximum from above.
        var from = Math.DivRem((now + _startup).UtcTicks, _stepTicks, out _);
        var to = CeilDiv((now + _startup + _interval).UtcTicks, _stepTicks);
        var first = Math.Max(1, from - _newestIndex);
        var last = Math.Max(first, to - _newestIndex);
        var largest = 0.0;
        for (var h = first; h <= last; h++)
        {
            largest = Math.Max(largest, _model.Forecast(checked((int)h)));
        }

        _pending.Enqueue(new PendingForecast(_newestIndex + first, _newestIndex + last, largest));
        var value = largest * (1 + _spec.Headroom.Fraction);
        var trusted = !_gating || error is null || error <= _spec.Trust.MaxError.Fraction;
        return new ForecastSignal(trusted ? ForecastStatus.Ready : ForecastStatus.Untrusted, value, error, ModelName);
    }

    private void Append(long index, double value)
    {
        _history[(int)(index % Capacity)] = value; // index >= 0 for any instant after year 1
        _newestIndex = index;
        _count = Math.Min(_count + 1, Capacity);
        ScorePending();

        if (_fitted)
        {
            _model.Update(value);
            _samplesSinceFit++;
            if (_model.HasParameters && _samplesSinceFit >= _model.SeasonLength && _count >= _model.MinimumSamples)
            {
                Fit();
            }
        }
        else if (_count >= _model.MinimumSamples)
        {
            Fit();
        }
    }

    private void Fit()
    {
        var data = new double[_count];
        for (var i = 0; i < _count; i++)
        {
            data[i] = Sample(_newestIndex - _count + 1 + i);
        }

        _model.Fit(data);
        _fitted = true;
        _samplesSinceFit = 0;
        FitCount++;
    }

    // Scores each emitted forecast once every sample it covered has arrived.
    private void ScorePending()
    {
        while (_pending.Count > 0 && _pending.Peek().To <= _newestIndex)
        {
            var p = _pending.Dequeue();
            if (p.From <= _newestIndex - _count)
            {
                continue; // no longer retained
            }

            var actual = double.NaN;
            for (var i = p.From; i <= p.To; i++)
            {
                var s = Sample(i);
                if (!double.IsNaN(s))
                {
                    actual = double.IsNaN(actual) ? s : Math.Max(actual, s);
                }
            }

            if (!double.IsNaN(actual))
            {
                _trust.Add(p.To, p.Forecast, actual);
            }
        }

        _trust.Expire(_newestIndex);
    }

    private double Sample(long index) => _history[(int)(index % Capacity)];

    private void Reset()
    {
        _count = 0;
        _newestIndex = long.MinValue;
        _fitted = false;
        _samplesSinceFit = 0;
        _pending.Clear();
        _trust.Clear();
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private readonly record struct PendingForecast(long From, long To, double Forecast);
}
