using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Forecasting;

/// <summary>
/// Holt-Winters triple exponential smoothing (level, damped trend, season of <see cref="SeasonLength"/> samples),
/// additive or multiplicative. The smoothing constants alpha, beta, gamma and the trend damping phi (Gardner &amp;
/// McKenzie, in [0.8, 0.98]) are fitted by minimising the sum of absolute one-step-ahead errors over the history
/// (Nelder-Mead on a logistic transform), which a burst sways less than squared errors. The state is initialised
/// from the history: level = mean of season one, trend = difference of the first two season means / m, seasonal
/// indices = at each phase the median over the complete seasons of the sample against its season's mean.
/// </summary>
internal sealed class HoltWintersModel : ISeasonalModel
{
    private const int FirstFitEvaluations = 160;
    private const int RefitEvaluations = 60;
    private const double FitTolerance = 1e-7;

    private readonly bool _multiplicative;
    private readonly double[] _season;
    private double[]? _scratchSeason;
    private double[]? _initialSeason;
    private double _level;
    private double _trend;
    private int _phase;
    private double[]? _parameters;

    public HoltWintersModel(int seasonLength, Seasonality seasonality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 2);
        SeasonLength = seasonLength;
        _multiplicative = seasonality == Seasonality.Multiplicative;
        _season = new double[seasonLength];
    }

    public int SeasonLength { get; }

    public int MinimumSamples => 2 * SeasonLength;

    public bool HasParameters => true;

    /// <summary>The fitted (alpha, beta, gamma), for tests and explanations.</summary>
    public (double Alpha, double Beta, double Gamma) Parameters =>
        _parameters is null ? default : (Logistic(_parameters[0]), Logistic(_parameters[1]), Logistic(_parameters[2]));

    /// <summary>The fitted trend damping phi in [0.8, 0.98], for tests and explanations (1 before the first fit).</summary>
    public double Phi => _parameters is null ? 1.0 : PhiOf(_parameters[3]);

    public void Fit(ReadOnlySpan<double> history)
    {
        if (history.Length < MinimumSamples)
        {
            throw new ArgumentException($"Holt-Winters needs {MinimumSamples} samples, got {history.Length}.", nameof(history));
        }

        var data = history.ToArray();
        _scratchSeason ??= new double[SeasonLength];
        _initialSeason ??= new double[SeasonLength];
        InitialSeason(data, _initialSeason);

        // Warm start from the previous fit: a refit usually moves the constants a little.
        var start = _parameters ?? [Logit(0.3), Logit(0.01), Logit(0.1), 0.0];
        var budget = _parameters is null ? FirstFitEvaluations : RefitEvaluations;
        _parameters = NelderMead.Minimize(p => Run(data, p, _scratchSeason, keepState: false), start, 1.0, budget, FitTolerance);
        Run(data, _parameters, _season, keepState: true);
    }

    public void Update(double value)
    {
        var (alpha, beta, gamma) = Parameters;
        Step(value, alpha, beta, gamma, Phi, _season, ref _level, ref _trend, ref _phase);
    }

    public double Forecast(int stepsAhead)
    {
        var seasonal = _season[(_phase + stepsAhead - 1) % SeasonLength];
        // Damped trend (Gardner & McKenzie): the trend adds phi + phi^2 + ... + phi^h of itself, so the forecast
        // levels off at level + trend * phi / (1 - phi) instead of extrapolating a ramp for ever.
        var phi = Phi;
        var damping = 0.0;
        var power = 1.0;
        for (var i = 0; i < stepsAhead; i++)
        {
            power *= phi;
            damping += power;
        }

        var baseLevel = _level + damping * _trend;
        var forecast = _multiplicative ? baseLevel * seasonal : baseLevel + seasonal;
        return Math.Max(0.0, forecast);
    }

    // Runs the recursion over data with parameters p (logits); returns the sum of absolute one-step errors.
    private double Run(double[] data, double[] p, double[] season, bool keepState)
    {
        var (alpha, beta, gamma, phi) = (Logistic(p[0]), Logistic(p[1]), Logistic(p[2]), PhiOf(p[3]));
        var m = SeasonLength;
        var mean1 = MeanIgnoringNaN(data.AsSpan(0, m));
        var mean2 = MeanIgnoringNaN(data.AsSpan(m, m));
        var level = mean1;
        var trend = (mean2 - mean1) / m;
        _initialSeason!.AsSpan().CopyTo(season);

        var phase = 0;
        var errors = 0.0;
        for (var i = m; i < data.Length; i++)
        {
            errors += Step(data[i], alpha, beta, gamma, phi, season, ref level, ref trend, ref phase);
        }

        if (keepState)
        {
            _level = level;
            _trend = trend;
            _phase = phase;
        }

        return double.IsFinite(errors) ? errors : double.MaxValue;
    }

    // One Holt-Winters update (damped trend); returns the absolute one-step error (0 for a missing sample, imputed).
    private double Step(double y, double alpha, double beta, double gamma, double phi, double[] season, ref double level, ref double trend, ref int phase)
    {
        var s = season[phase];
        var damped = phi * trend;
        var predicted = _multiplicative ? (level + damped) * s : level + damped + s;
        var error = 0.0;
        if (double.IsNaN(y))
        {
            y = predicted;
        }
        else
        {
            error = Math.Abs(y - predicted);
        }

        var previousLevel = level;
        if (_multiplicative)
        {
            level = alpha * (Math.Abs(s) > 1e-12 ? y / s : y) + (1 - alpha) * (level + damped);
            trend = beta * (level - previousLevel) + (1 - beta) * damped;
            // A level near zero (no traffic) says nothing about the season's shape: keep the old index.
            if (Math.Abs(level) > 1e-12)
            {
                season[phase] = gamma * (y / level) + (1 - gamma) * s;
            }
        }
        else
        {
            level = alpha * (y - s) + (1 - alpha) * (level + damped);
            trend = beta * (level - previousLevel) + (1 - beta) * damped;
            season[phase] = gamma * (y - level) + (1 - gamma) * s;
        }

        phase = phase + 1 == season.Length ? 0 : phase + 1;
        return error;
    }

    // Initial seasonal indices: at each phase, the median over the complete seasons of the history of the sample
    // against its season's mean, so one burst in one season does not become part of the season's shape.
    private void InitialSeason(double[] data, double[] season)
    {
        var m = SeasonLength;
        var seasons = data.Length / m;
        var means = new double[seasons];
        for (var k = 0; k < seasons; k++)
        {
            means[k] = MeanIgnoringNaN(data.AsSpan(k * m, m));
        }

        var values = new List<double>(seasons);
        for (var i = 0; i < m; i++)
        {
            values.Clear();
            for (var k = 0; k < seasons; k++)
            {
                var y = data[k * m + i];
                if (double.IsNaN(y))
                {
                    continue;
                }

                if (!_multiplicative)
                {
                    values.Add(y - means[k]);
                }
                else if (Math.Abs(means[k]) > 1e-12)
                {
                    values.Add(y / means[k]);
                }
            }

            season[i] = values.Count == 0 ? (_multiplicative ? 1.0 : 0.0) : Median(values);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double MeanIgnoringNaN(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? 0.0 : sum / count;
    }

    // phi in [0.8, 0.98]: below 0.8 the damping is so strong the trend is barely used, above 0.98 a damped trend
    // cannot be told from an undamped one (Hyndman & Athanasopoulos, "Forecasting: principles and practice", 8.2).
    private static double PhiOf(double x) => 0.8 + 0.18 * Logistic(x);

    private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
