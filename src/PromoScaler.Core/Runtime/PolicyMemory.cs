using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// What one policy's runtime persists between processes: the engine's memory and the forecast gate's. The
/// forecaster and the calibrated sizers are not in it: they are rebuilt from the metric history at the first tick
/// (a day of readings is more than a state document should carry at every tick).
/// </summary>
/// <param name="Engine">The state the last decision handed back.</param>
/// <param name="Gate">The forecast gate's memory; null when the policy runs no gate or it has not been fed.</param>
public sealed record PolicyMemory(EngineState Engine, ForecastGateState? Gate)
{
    /// <summary>No memory: a policy seen for the first time.</summary>
    public static PolicyMemory Empty { get; } = new(EngineState.Empty, null);
}
