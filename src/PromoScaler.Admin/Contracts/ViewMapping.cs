using PromoScaler.Admin.Ports;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Explanation;
using PromoScaler.Core.History;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Contracts;

/// <summary>Builds the API's views from the engine's records and the operator intent.</summary>
internal static class ViewMapping
{
    public static PolicyView Policy(PolicyEntry entry, PolicyIntent intent, DecisionRecord? last, DateTimeOffset now)
    {
        var policy = entry.Policy;
        var target = policy.Spec.Target;
        var explanation = last?.Explanation ?? [];
        var forecast = explanation.Where(s => s.Stage == DecisionStage.Predictive).Select(Step).LastOrDefault();
        var windows = explanation
            .Where(s => s.Code is ReasonCode.PrewarmFloor or ReasonCode.PrewarmBaselineUnknown or ReasonCode.PrewarmClampedToMax or ReasonCode.FreezeWindow)
            .Select(s => s.Code == ReasonCode.FreezeWindow ? new WindowView("freeze", s.Subject, null) : new WindowView("prewarm", s.Subject, s.After))
            .ToList();
        return new PolicyView(
            policy.Name,
            new TargetView(target.Kind.ToString(), target.Namespace, target.Name),
            policy.Spec.Guardrails.MinReplicas,
            policy.Spec.Guardrails.MaxReplicas,
            policy.Spec.DryRun,
            last?.Current,
            last?.Desired,
            last is null ? null : Components(last.Components),
            forecast,
            windows,
            intent.ActiveOverrides(now).Select(o => Override(policy.Name, o, now)).ToList(),
            intent.ActivePause(now) is { } pause ? Pause(policy.Name, pause, now) : null,
            intent.Prewarms.Where(p => p.PhaseAt(now) != PrewarmPhase.Ended).Select(p => Prewarm(policy.Name, p, now)).ToList(),
            entry.Degraded,
            last is null ? null : Decision(last),
            now,
            Zero(policy.Name, intent, last, now));
    }

    /// <summary>
    /// The target held at zero, and the way out: an operator's pin at 0 in force (it ends at its expiry), or the last
    /// decision found the target scaled to zero outside PromoScaler (it stays so until an operator resumes it).
    /// </summary>
    public static ZeroView? Zero(string policy, PolicyIntent intent, DecisionRecord? last, DateTimeOffset now)
    {
        var wayOut = $"promoscaler resume {policy}";
        if (intent.ActiveZeroPin(now) is { } pin)
        {
            return new ZeroView("override", pin.Owner, pin.Reason, pin.ExpiresAt, Remaining(pin.ExpiresAt, now), wayOut);
        }

        return last?.Reason == ReasonCode.TargetScaledToZero ? new ZeroView("outside", null, null, null, null, wayOut) : null;
    }

    /// <summary>Time from <paramref name="now"/> (the daemon's clock) to <paramref name="at"/>, in whole seconds, never negative, in the policy syntax.</summary>
    public static string Remaining(DateTimeOffset at, DateTimeOffset now) => Duration.Format(at > now ? at - now : TimeSpan.Zero);

    public static DecisionView Decision(DecisionRecord record) => new(
        record.At,
        record.Action == DecisionAction.Scale ? "scale" : "none",
        record.Current,
        record.Desired,
        record.Reason.ToCode(),
        Components(record.Components),
        record.Explanation.Select(Step).ToList());

    public static ExplanationStepView Step(ExplanationStep s) =>
        new((int)s.Stage, s.Code.ToCode(), s.Subject, Finite(s.Value), s.Before, s.After, Finite(s.Limit), ExplanationText.Describe(s));

    // JSON has no NaN or infinity (a calibration not ready yet has NaN figures): such a number is left out; the text says why.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>The override; with <paramref name="now"/> (an answer, not an audit entry) its remaining time.</summary>
    public static OverrideView Override(string policy, OperatorOverride o, DateTimeOffset? now = null) =>
        new(policy, OverrideKinds.Name(o.Kind), o.Replicas, o.Owner, o.Reason, o.ExpiresAt, o.Immediate, o.BelowMin,
            now is { } n ? Remaining(o.ExpiresAt, n) : null);

    /// <summary>The pause; with <paramref name="now"/> (an answer, not an audit entry) its remaining time.</summary>
    public static PauseView Pause(string policy, PauseRecord p, DateTimeOffset? now = null) =>
        new(policy, p.Owner, p.Reason, p.SetAt, p.ExpiresAt, now is { } n ? Remaining(p.ExpiresAt, n) : null);

    public static PrewarmView Prewarm(string policy, RuntimePrewarm p, DateTimeOffset now)
    {
        var phase = p.PhaseAt(now);
        var occurrence = p.Occurrence;
        return new(
            policy, p.Name, p.Start, p.Replicas, Duration.Format(p.Lead), Duration.Format(p.Hold), Duration.Format(p.RampDown),
            p.Owner, p.Reason, p.CreatedAt, phase.ToString().ToLowerInvariant(),
            phase == PrewarmPhase.Pending ? Remaining(occurrence.ActiveFrom, now) : null,
            phase == PrewarmPhase.Ended ? null : Remaining(occurrence.ActiveUntil, now));
    }

    /// <summary>Whether the last decision gave this window its floor and the target reports it.</summary>
    public static PrewarmStatusView PrewarmStatus(string policy, RuntimePrewarm prewarm, DecisionRecord? last, DateTimeOffset now)
    {
        var view = Prewarm(policy, prewarm, now);
        var floorNow = (int)Math.Ceiling(prewarm.Replicas * prewarm.Occurrence.FloorShareAt(now));
        if (last is null)
        {
            return new PrewarmStatusView(view, floorNow, false, null, null, null, "No decision yet.");
        }

        // The window's own step: its floor, or the cut applied to it. A pause or dry run writes nothing, which
        // the outcome step says.
        var windowStep = last.Explanation.LastOrDefault(s => s.Subject == prewarm.Name
            && s.Code is ReasonCode.PrewarmFloor or ReasonCode.PrewarmClampedToMax or ReasonCode.PrewarmBaselineUnknown);
        var blocking = last.Explanation.FirstOrDefault(s => s.Code is ReasonCode.Paused or ReasonCode.DryRun or ReasonCode.TargetScaledToZero);
        var step = blocking.Code is ReasonCode.Paused or ReasonCode.DryRun or ReasonCode.TargetScaledToZero ? blocking : windowStep;
        var decidedFloor = windowStep.Code == ReasonCode.PrewarmFloor ? windowStep.After : null;
        var applied = decidedFloor is { } floor && last.Current >= floor && step.Code == ReasonCode.PrewarmFloor;
        return step == default
            ? new PrewarmStatusView(view, floorNow, false, last.Current, last.At, null, "The last decision did not apply this window.")
            : new PrewarmStatusView(view, floorNow, applied, last.Current, last.At, step.Code.ToCode(), ExplanationText.Describe(step));
    }

    private static ComponentsView Components(DecisionComponents c) => new(c.Reactive, c.Predictive, c.Floor, c.Raw);
}
