namespace PromoScaler.Admin.Contracts;

/// <summary>A policy as <c>status</c> and <c>explain</c> show it.</summary>
/// <param name="Name">The policy name.</param>
/// <param name="Target">The workload.</param>
/// <param name="MinReplicas">spec.guardrails.minReplicas.</param>
/// <param name="MaxReplicas">spec.guardrails.maxReplicas (absolute).</param>
/// <param name="DryRun">The policy decides and never writes.</param>
/// <param name="Current">The target's spec count at the last decision; null before the first.</param>
/// <param name="Desired">The last decision's count; null before the first.</param>
/// <param name="Components">The last decision's reactive, predictive, floor and raw proposals.</param>
/// <param name="Forecast">The last decision's predictive step (forecast value and trust error), when the policy predicts.</param>
/// <param name="ActiveWindows">Pre-warm and freeze windows the last decision applied.</param>
/// <param name="Overrides">Overrides in force.</param>
/// <param name="Pause">The pause in force.</param>
/// <param name="RuntimePrewarms">Pre-warms registered through the API, not yet over.</param>
/// <param name="Degraded">Why the policy does not work fully; empty when healthy.</param>
/// <param name="LastDecision">The last decision with its complete, ordered explanation.</param>
/// <param name="Now">The daemon's clock when it answered (the demo's simulated clock in a demo): what remaining times count from.</param>
/// <param name="Zero">The target is held at zero (by an operator's pin, or set outside PromoScaler) and how that ends; null otherwise.</param>
public sealed record PolicyView(
    string Name,
    TargetView Target,
    int MinReplicas,
    int MaxReplicas,
    bool DryRun,
    int? Current,
    int? Desired,
    ComponentsView? Components,
    ExplanationStepView? Forecast,
    IReadOnlyList<WindowView> ActiveWindows,
    IReadOnlyList<OverrideView> Overrides,
    PauseView? Pause,
    IReadOnlyList<PrewarmView> RuntimePrewarms,
    IReadOnlyList<string> Degraded,
    DecisionView? LastDecision,
    DateTimeOffset? Now = null,
    ZeroView? Zero = null);

/// <summary>A target held at zero while minReplicas &gt; 0: a pause-like state, and its way out.</summary>
/// <param name="Cause">
/// <c>override</c>: an operator's pin at 0 below minReplicas, which ends at its expiry (or sooner with <c>resume</c> or
/// <c>override clear</c>); <c>outside</c>: the target was scaled to zero outside PromoScaler and the policy behaves
/// as paused until an operator resumes it.
/// </param>
/// <param name="Owner">Who set the pin (override only).</param>
/// <param name="Reason">Why (override only).</param>
/// <param name="ExpiresAt">When the pin ends (override only); an outside zero has no expiry.</param>
/// <param name="Remaining">Time left until <paramref name="ExpiresAt"/> on the daemon's clock (policy duration syntax).</param>
/// <param name="WayOut">The command that ends it now.</param>
public sealed record ZeroView(string Cause, string? Owner, string? Reason, DateTimeOffset? ExpiresAt, string? Remaining, string WayOut);

/// <summary>spec.target.</summary>
public sealed record TargetView(string Kind, string Namespace, string Name);

/// <summary>The proposals of one decision (null: that part proposed nothing).</summary>
public sealed record ComponentsView(int? Reactive, int? Predictive, int? Floor, int Raw);

/// <summary>A window in force at the last decision.</summary>
/// <param name="Kind"><c>prewarm</c> or <c>freeze</c>.</param>
/// <param name="Name">The window's name, when it has one.</param>
/// <param name="Floor">A pre-warm's floor at that instant.</param>
public sealed record WindowView(string Kind, string? Name, int? Floor);

/// <summary>One decision.</summary>
/// <param name="At">The decision instant.</param>
/// <param name="Action"><c>scale</c> or <c>none</c>.</param>
/// <param name="Current">The count it started from.</param>
/// <param name="Desired">The count it decided.</param>
/// <param name="Reason">The reason code of the step that set the count.</param>
/// <param name="Components">Per-part proposals.</param>
/// <param name="Explanation">Every step in the decision order.</param>
public sealed record DecisionView(
    DateTimeOffset At,
    string Action,
    int Current,
    int Desired,
    string Reason,
    ComponentsView Components,
    IReadOnlyList<ExplanationStepView> Explanation);

/// <summary>One step of an explanation, in numbers and in words.</summary>
/// <param name="Stage">The step number of the spec's decision order (0 observation .. 9 outcome).</param>
/// <param name="Code">The reason code.</param>
/// <param name="Subject">The metric, window or override owner the step is about.</param>
/// <param name="Value">The input number.</param>
/// <param name="Before">The count entering the step.</param>
/// <param name="After">The count leaving it.</param>
/// <param name="Limit">The bound compared with.</param>
/// <param name="Text">The step in words.</param>
public sealed record ExplanationStepView(int Stage, string Code, string? Subject, double? Value, int? Before, int? After, double? Limit, string Text);

/// <summary>An operator override.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Kind"><c>pin</c>, <c>floor</c>, <c>ceiling</c>, <c>freezeScaleDown</c> or <c>freezeScaleUp</c>.</param>
/// <param name="Replicas">N, for pin, floor and ceiling.</param>
/// <param name="Owner">Who set it (the token name).</param>
/// <param name="Reason">Why.</param>
/// <param name="ExpiresAt">When it stops applying.</param>
/// <param name="Immediate">Pin: jumps at once.</param>
/// <param name="BelowMin">Pin: may go below minReplicas.</param>
/// <param name="Remaining">Time left on the daemon's clock when it answered (policy duration syntax); absent in audit entries.</param>
public sealed record OverrideView(string Policy, string Kind, int? Replicas, string Owner, string Reason, DateTimeOffset ExpiresAt, bool Immediate, bool BelowMin, string? Remaining = null);

/// <summary>A pause.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Owner">Who paused it.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetAt">When.</param>
/// <param name="ExpiresAt">When it resumes by itself.</param>
/// <param name="Remaining">Time left on the daemon's clock when it answered (policy duration syntax); absent in audit entries.</param>
public sealed record PauseView(string Policy, string Owner, string Reason, DateTimeOffset SetAt, DateTimeOffset ExpiresAt, string? Remaining = null);

/// <summary>What a resume ended.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Pause">The pause it ended, if one was in force.</param>
/// <param name="Cleared">The pin at 0 below minReplicas it cleared, if one was in force.</param>
/// <param name="ScaledToZero">The target was scaled to zero outside PromoScaler: the policy scales from it again at the next decision.</param>
public sealed record ResumeView(string Policy, PauseView? Pause, OverrideView? Cleared, bool ScaledToZero);

/// <summary>A runtime pre-warm.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Name">Unique within the policy.</param>
/// <param name="Start">The sale start.</param>
/// <param name="Replicas">The floor.</param>
/// <param name="Lead">Policy duration syntax.</param>
/// <param name="Hold">Policy duration syntax.</param>
/// <param name="RampDown">Policy duration syntax.</param>
/// <param name="Owner">Who registered it.</param>
/// <param name="Reason">Why, when given.</param>
/// <param name="CreatedAt">When registered or last replaced.</param>
/// <param name="Phase"><c>pending</c>, <c>active</c> or <c>ended</c> now.</param>
/// <param name="ActiveIn">While pending: time until its floor applies (start - lead) on the daemon's clock (policy duration syntax).</param>
/// <param name="Remaining">Until pending or active: time until the window is over (start + hold + rampDown) on the daemon's clock.</param>
public sealed record PrewarmView(
    string Policy,
    string Name,
    DateTimeOffset Start,
    int Replicas,
    string Lead,
    string Hold,
    string RampDown,
    string Owner,
    string? Reason,
    DateTimeOffset CreatedAt,
    string Phase,
    string? ActiveIn = null,
    string? Remaining = null);

/// <summary>A runtime pre-warm and whether the target has taken its floor (what <c>prewarm add --wait</c> polls).</summary>
/// <param name="Prewarm">The pre-warm.</param>
/// <param name="FloorNow">The floor the window asks for now (0 while pending or ended).</param>
/// <param name="Applied">The last decision saw the target's spec.replicas at or above the floor it decided for this window.</param>
/// <param name="SpecReplicas">The target's spec count at the last decision.</param>
/// <param name="DecidedAt">When the last decision was made.</param>
/// <param name="Reason">What the last decision said about this window: its floor step, or why it was cut (<c>prewarmClampedToMax</c>, <c>paused</c>, ...).</param>
/// <param name="Detail">That step in words.</param>
public sealed record PrewarmStatusView(PrewarmView Prewarm, int FloorNow, bool Applied, int? SpecReplicas, DateTimeOffset? DecidedAt, string? Reason, string? Detail);

/// <summary>Decisions of one policy over a time range.</summary>
public sealed record HistoryView(string Policy, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<DecisionView> Decisions);

/// <summary>The daemon's health as a whole.</summary>
/// <param name="Ready">True when nothing makes it unready (<c>/readyz</c> answers 200).</param>
/// <param name="Problems">Every reason it is not ready: metric source failing, state store unreadable or not writable, no policy set, leadership unknown.</param>
/// <param name="Warnings">What is wrong without making it unready: state partly lost at load (and where the copy is), a rejected policy reload.</param>
/// <param name="Now">The daemon's clock.</param>
/// <param name="Notes">What is neither a problem nor a warning: with sharding, which replica holds which shard; absent from older daemons.</param>
public sealed record HealthView(bool Ready, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings, DateTimeOffset Now, IReadOnlyList<string>? Notes = null);
