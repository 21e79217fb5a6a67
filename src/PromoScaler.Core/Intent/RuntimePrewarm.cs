using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Intent;

/// <summary>
/// A one-off pre-warm registered at run time (by a CI pipeline before a sale). It acts exactly as a declared
/// <c>spec.prewarm</c> entry with a fixed <c>replicas</c> floor: <see cref="ToWindow"/> is what the engine sees.
/// </summary>
/// <param name="Name">Unique within the policy, among declared and runtime pre-warms.</param>
/// <param name="Start">The sale start.</param>
/// <param name="Replicas">The floor (above maxReplicas it is clipped by the engine, and the decision says so).</param>
/// <param name="Lead">The floor applies from start - lead.</param>
/// <param name="Hold">Full floor until start + hold.</param>
/// <param name="RampDown">Then the floor falls linearly to nothing.</param>
/// <param name="Owner">The token name that registered it.</param>
/// <param name="Reason">Why, when given.</param>
/// <param name="CreatedAt">When it was registered (or last replaced).</param>
public sealed record RuntimePrewarm(
    string Name,
    DateTimeOffset Start,
    int Replicas,
    TimeSpan Lead,
    TimeSpan Hold,
    TimeSpan RampDown,
    string Owner,
    string? Reason,
    DateTimeOffset CreatedAt)
{
    /// <summary>The window as the engine reads it.</summary>
    public PrewarmWindow ToWindow() => new(Name, Start, null, Lead, Replicas, null, Hold, RampDown);

    /// <summary>The one occurrence of the window (active on [start - lead, start + hold + rampDown)).</summary>
    public PrewarmOccurrence Occurrence => new(ToWindow(), Start);

    /// <summary>Where the window stands at <paramref name="now"/>.</summary>
    public PrewarmPhase PhaseAt(DateTimeOffset now) =>
        now < Occurrence.ActiveFrom ? PrewarmPhase.Pending : now < Occurrence.ActiveUntil ? PrewarmPhase.Active : PrewarmPhase.Ended;

    /// <summary>Same request: everything the caller chooses is equal (owner, reason and time of registration aside).</summary>
    public bool SameRequestAs(RuntimePrewarm other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name == other.Name && Start == other.Start && Replicas == other.Replicas
            && Lead == other.Lead && Hold == other.Hold && RampDown == other.RampDown;
    }
}

/// <summary>Where a pre-warm window stands.</summary>
public enum PrewarmPhase
{
    /// <summary>Before start - lead.</summary>
    Pending,
    /// <summary>Its floor applies.</summary>
    Active,
    /// <summary>After start + hold + rampDown.</summary>
    Ended,
}
