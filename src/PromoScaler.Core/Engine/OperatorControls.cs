namespace PromoScaler.Core.Engine;

/// <summary>Kinds of operator override.</summary>
public enum OverrideKind
{
    /// <summary>Replace the proposals and guardrails (steps 2-6) with N.</summary>
    Pin,
    /// <summary>Cap the result at N at once (not below minReplicas).</summary>
    Ceiling,
    /// <summary>A floor of N, like a pre-warm.</summary>
    Floor,
    /// <summary>No scale-down while active.</summary>
    FreezeScaleDown,
    /// <summary>No scale-up while active.</summary>
    FreezeScaleUp,
}

/// <summary>An operator override. Every override has an owner, a reason and an expiry.</summary>
/// <param name="Kind">What the override does.</param>
/// <param name="Replicas">N for pin, ceiling and floor; null for the freezes.</param>
/// <param name="Owner">Who set it.</param>
/// <param name="Reason">Why.</param>
/// <param name="ExpiresAt">When it stops applying.</param>
/// <param name="Immediate">Pin only: jump at once instead of moving through the step policies.</param>
/// <param name="BelowMin">Pin only: may go below minReplicas.</param>
public sealed record OperatorOverride(
    OverrideKind Kind,
    int? Replicas,
    string Owner,
    string Reason,
    DateTimeOffset ExpiresAt,
    bool Immediate = false,
    bool BelowMin = false)
{
    public bool IsActive(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>A pin below minReplicas at 0: the operator's scale-to-zero, a pause-like state that ends with the pin.</summary>
    public bool IsZeroPin => Kind == OverrideKind.Pin && BelowMin && Replicas == 0;
}

/// <summary>Operator intent that applies to one policy at one instant.</summary>
/// <param name="Paused">A pause is in force.</param>
/// <param name="Overrides">The overrides (expired ones are ignored).</param>
/// <param name="ResumedAt">
/// The last operator resume: it wakes a target scaled to zero outside PromoScaler that was observed at or before
/// this instant (spec "Target observation"). Null when none is kept.
/// </param>
public sealed record OperatorControls(bool Paused, IReadOnlyList<OperatorOverride> Overrides, DateTimeOffset? ResumedAt = null)
{
    public static OperatorControls None { get; } = new(false, []);
}
