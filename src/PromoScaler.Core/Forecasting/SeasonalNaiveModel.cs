namespace PromoScaler.Core.Forecasting;

/// <summary>
/// Seasonal naive: the value one season ago at the same phase, scaled by the ratio of the recent level (mean of the
/// last <see cref="LevelWindow"/> samples) to the level one season before that. The level window is a quarter of a
/// season (6h for a daily season): long enough to average out sample noise, short enough to follow a day that is
/// busier than the last within hours. No parameters, so nothing to optimise.
/// </summary>
internal sealed class SeasonalNaiveModel : ISeasonalModel
{
    // The ratio is clamped so that a near-empty level one season ago (a night, a holiday) cannot blow the forecast up.
    private const double MinRatio = 0.25;
    private const double MaxRatio = 4.0;

    private readonly double[] _buffer; // ring of the last m + L samples (imputed where missing)
    private int _count;
    private int _head; // index of the oldest sample
    private double _recentSum;
    private double _oldSum;

    public SeasonalNaiveModel(int seasonLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        SeasonLength = seasonLength;
        LevelWindow = Math.Max(1, seasonLength / 4);
        _buffer = new double[seasonLength + LevelWindow];
    }

    public int SeasonLength { get; }

    /// <summary>Samples averaged for a level.</summary>
    public int LevelWindow { get; }

    public int MinimumSamples => SeasonLength + LevelWindow;

    public bool HasParameters => false;

    public void Fit(ReadOnlySpan<double> history)
    {
        if (history.Length < MinimumSamples)
        {
            throw new ArgumentException($"Seasonal naive needs {MinimumSamples} samples, got {history.Length}.", nameof(history));
        }

        _count = 0;
        _head = 0;
        _recentSum = 0;
        _oldSum = 0;
        var tail = history[^MinimumSamples..];
        // The first samples have nothing one season earlier to impute from: use the mean of the known ones.
        var fill = 0.0;
        var known = 0;
        foreach (var v in tail)
        {
            if (!double.IsNaN(v))
            {
                fill += v;
                known++;
            }
        }

        fill = known == 0 ? 0.0 : fill / known;
        foreach (var v in tail)
        {
            Push(double.IsNaN(v) ? (_count >= SeasonLength ? At(_count - SeasonLength) : fill) : v);
        }
    }

    public void Update(double value) => Push(double.IsNaN(value) ? Forecast(1) : value);

    public double Forecast(int stepsAhead)
    {
        // Same phase in the most recent season that has been observed.
        var back = SeasonLength * ((stepsAhead + SeasonLength - 1) / SeasonLength) - stepsAhead; // samples before newest
        var seasonal = At(_count - 1 - back);
        var ratio = _oldSum > 1e-12 ? Math.Clamp(_recentSum / _oldSum, MinRatio, MaxRatio) : 1.0;
        return Math.Max(0.0, seasonal * ratio);
    }

    // i-th retained sample, 0 = oldest.
    private double At(int i) => _buffer[(_head + i) % _buffer.Length];

    private void Push(double value)
    {
        var capacity = _buffer.Length;
        if (_count == capacity)
        {
            _head = (_head + 1) % capacity;
            _count--;
        }

        _buffer[(_head + _count) % capacity] = value;
        _count++;
        RecomputeSums();
    }

    // O(L) per sample; L is a quarter season of step samples (360 at 1d/1m), well inside the per-tick budget,
    // and free of the drift a running sum would accumulate over months.
    private void RecomputeSums()
    {
        _recentSum = 0;
        _oldSum = 0;
        if (_count < MinimumSamples)
        {
            return;
        }

        for (var i = 0; i < LevelWindow; i++)
        {
            _recentSum += At(_count - 1 - i);
            _oldSum += At(_count - 1 - SeasonLength - i);
        }
    }
}
