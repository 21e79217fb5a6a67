namespace PromoScaler.Core.Policies;

/// <summary>Forecasting model behind <c>spec.prediction</c>.</summary>
public enum ForecastModelKind
{
    None,
    SeasonalNaive,
    HoltWinters,
}

/// <summary>Seasonality of the <c>holtWinters</c> model (<c>spec.prediction.seasonality</c>, an extension).</summary>
public enum Seasonality
{
    /// <summary>Season adds to the level (default).</summary>
    Additive,
    /// <summary>Season scales the level.</summary>
    Multiplicative,
}

/// <summary><c>spec.prediction</c>.</summary>
/// <param name="Model">The model; <see cref="ForecastModelKind.None"/> disables prediction.</param>
/// <param name="Metric">The metric forecast (default: the first).</param>
/// <param name="History">Data the model is fitted on (at least 2 x season).</param>
/// <param name="Season">Season length.</param>
/// <param name="Step">Resolution the model fits and forecasts at; divides the season.</param>
/// <param name="Headroom">The forecast is multiplied by 1 + headroom.</param>
/// <param name="Trust">Forecast gating.</param>
/// <param name="Seasonality">holtWinters only: additive (default) or multiplicative.</param>
public sealed record PredictionSpec(
    ForecastModelKind Model,
    string Metric,
    TimeSpan History,
    TimeSpan Season,
    TimeSpan Step,
    Percentage Headroom,
    TrustSpec Trust,
    Seasonality Seasonality = Seasonality.Additive);

/// <summary>How the forecast is judged (<c>spec.prediction.trust.gate</c>, an extension).</summary>
public enum TrustGate
{
    /// <summary>
    /// By its error and by what it does to decisions (default): used only when its recent error is within
    /// <c>maxError</c> and its proposals rescued more under-provisioned horizons than the same extra replicas spread
    /// evenly would have (<see cref="Forecasting.ForecastGate"/>).
    /// </summary>
    Decisions,

    /// <summary>By its error alone: the spec's rule.</summary>
    Error,
}

/// <summary><c>spec.prediction.trust</c>: recent forecasts are compared with what then happened.</summary>
/// <param name="Window">How far back the error (and the decisions) are judged. Default 2h.</param>
/// <param name="MaxError">Mean absolute percentage error above which the forecast is ignored. Default 25%.</param>
/// <param name="Gate">Also judge the forecast by its decisions (default) or by its error alone.</param>
public sealed record TrustSpec(TimeSpan Window, Percentage MaxError, TrustGate Gate = TrustGate.Decisions);
