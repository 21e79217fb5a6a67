namespace PromoScaler.Backtest.Replay;

/// <summary>
/// A forecast with perfect foresight (<c>--perfect-forecast</c>), for analysis only: it replaces the policy's model
/// with the trace's own future, always trusted, so a backtest shows how much any better model could still gain
/// and whether the forecast or the rest of the policy is what limits it.
/// </summary>
/// <param name="Window">
/// Null: the policy's own step samples over the spec's horizon, exactly what its model is asked to forecast. Else:
/// the mean demand over a window this long centred on the horizon, what a model that knew the future only at that
/// resolution would say.
/// </param>
public sealed record PerfectForecast(TimeSpan? Window = null);
