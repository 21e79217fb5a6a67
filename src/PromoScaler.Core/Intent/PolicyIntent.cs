using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Intent;

/// <summary>
/// What operators and pipelines asked of one policy: overrides (at most one per kind), a pause, runtime pre-warms.
/// Immutable; a change makes a new one. Expired entries stay until the next change prunes them, and never apply.
/// </summary>
/// <param name="Overrides">At most one per <see cref="OverrideKind"/>, oldest first.</param>
/// <param name="Pause">The pause, when one was set.</param>
/// <param name="Prewarms">Runtime pre-warms by name, in registration order.</param>
/// <param name="ResumedAt">
/// The last <c>resume</c>: it wakes a target scaled to zero outside PromoScaler that the engine observed at or before
/// it. Kept for <see cref="ResumeKept"/>, long enough for the next decisions to carry it out.
/// </param>
public sealed record PolicyIntent(IReadOnlyList<OperatorOverride> Overrides, PauseRecord? Pause, IReadOnlyList<RuntimePrewarm> Prewarms, DateTimeOffset? ResumedAt = null)
{
    /// <summary>How long a resume is kept for the engine: 1 day.</summary>
    public static readonly TimeSpan ResumeKept = TimeSpan.FromDays(1);

    /// <summary>Nothing asked.</summary>
    public static PolicyIntent None { get; } = new([], null, []);

    /// <summary>True when nothing is kept (the policy's entry can be dropped).</summary>
    public bool IsEmpty => Overrides.Count == 0 && Pause is null && Prewarms.Count == 0 && ResumedAt is null;

    /// <summary>What the engine applies at <paramref name="now"/>: the pause, the overrides in force and the last resume.</summary>
    public OperatorControls ControlsAt(DateTimeOffset now)
    {
        var active = Overrides.Where(o => o.IsActive(now)).ToList();
        var paused = Pause?.IsActive(now) == true;
        var resumed = ResumeAt(now);
        return !paused && active.Count == 0 && resumed is null ? OperatorControls.None : new OperatorControls(paused, active, resumed);
    }

    /// <summary>The zero pin (a pin at 0 below minReplicas) in force at <paramref name="now"/>, if any.</summary>
    public OperatorOverride? ActiveZeroPin(DateTimeOffset now) => Overrides.LastOrDefault(o => o.IsActive(now) && o.IsZeroPin);

    private DateTimeOffset? ResumeAt(DateTimeOffset now) => ResumedAt is { } r && now - r < ResumeKept ? r : null;

    /// <summary>The overrides in force at <paramref name="now"/>.</summary>
    public IEnumerable<OperatorOverride> ActiveOverrides(DateTimeOffset now) => Overrides.Where(o => o.IsActive(now));

    /// <summary>The pause in force at <paramref name="now"/>, if any.</summary>
    public PauseRecord? ActivePause(DateTimeOffset now) => Pause?.IsActive(now) == true ? Pause : null;

    /// <summary>The runtime pre-warms not yet over at <paramref name="now"/>, as the engine's windows.</summary>
    public IEnumerable<PrewarmWindow> PrewarmWindows(DateTimeOffset now) =>
        Prewarms.Where(p => p.PhaseAt(now) != PrewarmPhase.Ended).Select(p => p.ToWindow());

    /// <summary>The same intent without what no longer applies at <paramref name="now"/>.</summary>
    public PolicyIntent PrunedAt(DateTimeOffset now) => new(
        Overrides.Where(o => o.IsActive(now)).ToList(),
        ActivePause(now),
        Prewarms.Where(p => p.PhaseAt(now) != PrewarmPhase.Ended).ToList(),
        ResumeAt(now));
}
