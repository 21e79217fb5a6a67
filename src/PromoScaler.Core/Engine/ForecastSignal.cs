namespace PromoScaler.Core.Engine;

/// <summary>State of the forecast handed to the engine.</summary>
public enum ForecastStatus
{
    /// <summary>A fitted model produced a value and its recent error is within <c>trust.maxError</c>.</summary>
    Ready,
    /// <summary>Too little history to fit.</summary>
    NotReady,
    /// <summary>The recent error is above <c>trust.maxError</c>.</summary>
    Untrusted,
    /// <summary>The model's own input (the prediction metric) is invalid at this instant.</summary>
    InputInvalid,
}

/// <summary>
/// The forecast for one decision, computed outside the engine (the models keep state and fit on history).
/// </summary>
/// <param name="Status">Whether the engine may use <paramref name="Value"/>.</param>
/// <param name="Value">
/// The predictive value in metric units: the largest forecast over [now + startup, now + startup + interval],
/// already multiplied by 1 + headroom. Null unless <see cref="ForecastStatus.Ready"/> or <see cref="ForecastStatus.Untrusted"/>.
/// </param>
/// <param name="RecentError">Mean absolute percentage error over <c>trust.window</c> (a fraction), when known.</param>
/// <param name="Model">The model's name, for the explanation.</param>
public sealed record ForecastSignal(ForecastStatus Status, double? Value, double? RecentError, string Model);
