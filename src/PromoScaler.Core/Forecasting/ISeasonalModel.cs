namespace PromoScaler.Core.Forecasting;

/// <summary>
/// A forecasting model on a regular series of <c>step</c> samples. Missing samples are passed as
/// <see cref="double.NaN"/> and imputed by the model with its own one-step forecast, so the phase never slips.
/// </summary>
internal interface ISeasonalModel
{
    /// <summary>Samples per season.</summary>
    int SeasonLength { get; }

    /// <summary>Samples needed before <see cref="Fit"/> can succeed.</summary>
    int MinimumSamples { get; }

    /// <summary>True when the model has parameters worth re-optimising (the tracker re-fits at most once per season).</summary>
    bool HasParameters { get; }

    /// <summary>Fits parameters and state on <paramref name="history"/> (oldest first); the state ends at its last sample.</summary>
    void Fit(ReadOnlySpan<double> history);

    /// <summary>Advances the state by one sample (NaN = missing).</summary>
    void Update(double value);

    /// <summary>The forecast <paramref name="stepsAhead"/> (at least 1) samples after the newest one.</summary>
    double Forecast(int stepsAhead);
}
