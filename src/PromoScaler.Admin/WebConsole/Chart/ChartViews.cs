namespace PromoScaler.Admin.WebConsole.Chart;

/// <summary>What the console's chart of one policy draws: the decisions of a time range, the windows around it and the markers.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="From">Start of the range (now - window).</param>
/// <param name="Now">The daemon's now: the end of the history part.</param>
/// <param name="Until">End of the axis: now + 48h, so the coming pre-warms show on the same axis.</param>
/// <param name="IntervalSeconds">spec.interval: a step between decisions longer than <see cref="ChartBuilder.GapIntervals"/> of these is a gap.</param>
/// <param name="MinReplicas">spec.guardrails.minReplicas.</param>
/// <param name="MaxReplicas">spec.guardrails.maxReplicas.</param>
/// <param name="Metrics">The policy's metrics, in the order of <see cref="ChartPointView.Demand"/>.</param>
/// <param name="Points">The decisions, oldest first.</param>
/// <param name="Windows">Pre-warm and freeze windows intersecting [from, until).</param>
/// <param name="Markers">Operator changes of the policy in the range (scale events are the points with <c>scaled</c>).</param>
public sealed record ChartView(
    string Policy,
    DateTimeOffset From,
    DateTimeOffset Now,
    DateTimeOffset Until,
    double IntervalSeconds,
    int MinReplicas,
    int MaxReplicas,
    IReadOnlyList<ChartMetricView> Metrics,
    IReadOnlyList<ChartPointView> Points,
    IReadOnlyList<ChartWindowView> Windows,
    IReadOnlyList<ChartMarkerView> Markers);

/// <summary>A metric of the policy.</summary>
/// <param name="Name">Its name.</param>
/// <param name="TargetPerReplica">Load one replica should carry.</param>
/// <param name="CapacityPerReplica">Load at which one replica is overloaded (capacity = ready x this).</param>
public sealed record ChartMetricView(string Name, double TargetPerReplica, double CapacityPerReplica);

/// <summary>One decision as the chart draws it.</summary>
/// <param name="At">The decision instant.</param>
/// <param name="Current">The target's spec count.</param>
/// <param name="Desired">The decided count.</param>
/// <param name="Ready">Ready replicas the target reported (null: not kept, e.g. before a restart).</param>
/// <param name="Predictive">The forecast's proposal (replicas).</param>
/// <param name="Floor">The pre-warm or floor override's floor.</param>
/// <param name="Reason">The reason code of the step that set the count.</param>
/// <param name="Scaled">The decision wrote the target.</param>
/// <param name="Demand">Each metric's value (null: invalid or not kept).</param>
/// <param name="Forecast">The forecast value of the prediction metric, when one was used.</param>
public sealed record ChartPointView(
    DateTimeOffset At,
    int Current,
    int Desired,
    int? Ready,
    int? Predictive,
    int? Floor,
    string Reason,
    bool Scaled,
    IReadOnlyList<double?> Demand,
    double? Forecast);

/// <summary>A pre-warm or freeze window.</summary>
/// <param name="Kind"><c>prewarm</c> or <c>freeze</c>.</param>
/// <param name="Name">The pre-warm's name (freezes have none).</param>
/// <param name="From">When it starts applying (a pre-warm: start - lead).</param>
/// <param name="Until">When it stops applying (a pre-warm: start + hold + rampDown).</param>
/// <param name="Start">A pre-warm's sale start.</param>
/// <param name="Replicas">A pre-warm's fixed floor (null for a multiplier).</param>
/// <param name="Runtime">Registered through the API rather than declared.</param>
public sealed record ChartWindowView(string Kind, string? Name, DateTimeOffset From, DateTimeOffset Until, DateTimeOffset? Start, int? Replicas, bool Runtime);

/// <summary>An operator change on the time axis.</summary>
/// <param name="At">When it was persisted.</param>
/// <param name="Actor">The token name.</param>
/// <param name="Action">The audit action (<c>override.set</c>, <c>pause</c>, ...).</param>
/// <param name="Subject">The override kind or pre-warm name.</param>
/// <param name="Reason">The reason given.</param>
public sealed record ChartMarkerView(DateTimeOffset At, string Actor, string Action, string? Subject, string? Reason);

/// <summary>Who the caller is, so the console shows only the actions its role allows (the API refuses the rest anyway).</summary>
/// <param name="Name">The token's name.</param>
/// <param name="Role"><c>viewer</c>, <c>ci</c> or <c>operator</c>.</param>
public sealed record SessionView(string Name, string Role);
