namespace PromoScaler.Core.Forecasting;

/// <summary>A decision the gate remembers until its horizon's demand has been read.</summary>
/// <param name="Time">The decision instant.</param>
/// <param name="Proposal">ceil(forecast / targetPerReplica).</param>
/// <param name="Without">Raw desired without the forecast: the largest reactive or floor proposal.</param>
/// <param name="KeptWithout">The least count without the forecast of the decisions from this one to its horizon's end.</param>
/// <param name="KeptWith">The same with the forecast: each decision's larger of its forecast's proposal and its count without it.</param>
/// <param name="Peak">The largest valid reading of the horizon so far.</param>
/// <param name="Seen">A valid reading of the horizon has arrived.</param>
/// <param name="Incomplete">An invalid reading fell in the horizon: not scored.</param>
public sealed record GateDecision(DateTimeOffset Time, int Proposal, int Without, int KeptWithout, int KeptWith, double Peak, bool Seen, bool Incomplete);

/// <summary>One judged decision.</summary>
/// <param name="End">The end of its horizon, in reading time: it leaves the window <c>trust.window</c> later.</param>
/// <param name="Extra">Replicas the forecast asked for above the decision without it (0 when it asked for none).</param>
/// <param name="Shortfall">Replicas the horizon needed above what was kept for it without the forecast (0 or less: none).</param>
/// <param name="Avoided">Without the forecast the horizon was short; with it, what was kept covered it.</param>
public sealed record GateScore(DateTimeOffset End, int Extra, int Shortfall, bool Avoided);

/// <summary>
/// <see cref="ForecastGate"/>'s memory as plain values (<see cref="ForecastGate.Export"/>,
/// <see cref="ForecastGate.Restore"/>): what the daemon persists next to the engine state so that a restart keeps the
/// verdict instead of making the forecast earn its place again.
/// </summary>
/// <param name="Metric">The prediction metric.</param>
/// <param name="Pending">Decisions whose horizon is still being read, oldest first.</param>
/// <param name="Scored">Judged decisions in the window, oldest first.</param>
/// <param name="NewestReading">The newest reading's instant.</param>
/// <param name="LastRecorded">The newest recorded decision's instant.</param>
public sealed record ForecastGateState(
    string Metric,
    IReadOnlyList<GateDecision> Pending,
    IReadOnlyList<GateScore> Scored,
    DateTimeOffset? NewestReading,
    DateTimeOffset? LastRecorded);
