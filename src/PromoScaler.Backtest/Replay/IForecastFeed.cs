using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>Where a replayed policy's forecast comes from at each tick: its model, or perfect foresight.</summary>
internal interface IForecastFeed
{
    /// <summary>The forecast signal the engine gets at <paramref name="now"/>; ticks come in ascending order.</summary>
    ForecastSignal Read(DateTimeOffset now);
}
