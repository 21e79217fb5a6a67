using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>A forecast from outside the policy's model (perfect foresight), read at each tick in place of the model.</summary>
internal interface IForecastFeed
{
    /// <summary>The forecast signal the engine gets at <paramref name="now"/>; ticks come in ascending order.</summary>
    ForecastSignal Read(DateTimeOffset now);
}
