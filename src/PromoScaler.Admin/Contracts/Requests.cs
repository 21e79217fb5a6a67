namespace PromoScaler.Admin.Contracts;

/// <summary>Body of <c>POST /api/v1/policies/{policy}/overrides</c>. Every member is checked by name; none is bound blindly.</summary>
/// <param name="Kind"><c>pin</c>, <c>floor</c>, <c>ceiling</c>, <c>freezeScaleDown</c> or <c>freezeScaleUp</c>.</param>
/// <param name="Replicas">N for pin, floor and ceiling (1..maxReplicas; a pin with belowMin may be 0); absent for the freezes.</param>
/// <param name="For">How long it lasts, in the policy duration syntax (<c>30m</c>, <c>2h</c>); at least 1s, at most 7d.</param>
/// <param name="Reason">Why (required, 1-500 characters).</param>
/// <param name="Immediate">Pin only: jump at once instead of moving through the step policies.</param>
/// <param name="BelowMin">Pin only: may go below minReplicas.</param>
public sealed record OverrideRequest(string? Kind, int? Replicas, string? For, string? Reason, bool? Immediate, bool? BelowMin);

/// <summary>Body of <c>POST /api/v1/policies/{policy}/pause</c>.</summary>
/// <param name="For">How long, in the policy duration syntax; at least 1s, at most 7d.</param>
/// <param name="Reason">Why (required).</param>
public sealed record PauseRequest(string? For, string? Reason);

/// <summary>Body of <c>POST /api/v1/policies/{policy}/resume</c> (optional).</summary>
/// <param name="Reason">Why, for the audit log.</param>
public sealed record ResumeRequest(string? Reason);

/// <summary>Body of <c>PUT /api/v1/policies/{policy}/prewarms/{name}</c>: a one-off <c>spec.prewarm</c> entry.</summary>
/// <param name="Start">The sale start: ISO-8601 with Z or an offset (<c>2027-11-11T00:00:00+08:00</c>).</param>
/// <param name="Replicas">The floor, at least 1.</param>
/// <param name="Lead">The floor applies from start - lead. Default: the policy's startup + interval.</param>
/// <param name="Hold">Full floor until start + hold. Default 1h.</param>
/// <param name="RampDown">Then the floor falls linearly to nothing. Default 0s.</param>
/// <param name="Reason">Why, for the audit log.</param>
public sealed record PrewarmRequest(string? Start, int? Replicas, string? Lead, string? Hold, string? RampDown, string? Reason);
