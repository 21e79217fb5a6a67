namespace PromoScaler.Core.Engine;

/// <summary>
/// The one decision engine: pure, deterministic, no I/O and no clock. The daemon, the demo and the backtest all
/// call <see cref="Decide"/>.
/// </summary>
public static class DecisionEngine
{
    /// <summary>Runs the spec's decision order for one policy at <see cref="DecisionInput.Now"/>.</summary>
    public static Decision Decide(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        throw new NotImplementedException("The decision engine is being written.");
    }
}
