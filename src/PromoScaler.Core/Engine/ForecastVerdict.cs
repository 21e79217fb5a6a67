namespace PromoScaler.Core.Engine;

/// <summary>
/// The decision gate's verdict on the forecast for one decision, computed outside the engine by
/// <see cref="Forecasting.ForecastGate"/> from what the forecast's proposals did to recent decisions. The engine uses
/// the forecast only when <see cref="Earned"/> (and its error is within <c>trust.maxError</c>).
/// </summary>
/// <param name="Earned">
/// Over the trust window the forecast avoided more under-provisioned horizons than the same extra replicas spread
/// evenly over those decisions would have: <see cref="Avoided"/> &gt; <see cref="EvenSpreadAvoided"/>.
/// </param>
/// <param name="Decisions">Decisions scored in the window (each with a forecast and a known horizon demand).</param>
/// <param name="Avoided">Scored decisions whose horizon the decision without the forecast under-provisioned and the forecast's proposal covered.</param>
/// <param name="EvenSpreadAvoided">The under-provisioned horizons the same replicas, spread evenly, would have covered.</param>
/// <param name="MeanExtraReplicas">The replicas the forecast asked for above the decision without it, per scored decision.</param>
public sealed record ForecastVerdict(bool Earned, int Decisions, int Avoided, double EvenSpreadAvoided, double MeanExtraReplicas);
