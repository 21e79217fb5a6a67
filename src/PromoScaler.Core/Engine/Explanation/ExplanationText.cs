using System.Globalization;
using System.Text;

namespace PromoScaler.Core.Engine.Explanation;

/// <summary>Turns a decision's structured explanation into sentences for people (<c>explain</c>, logs, events).</summary>
public static class ExplanationText
{
    /// <summary>One line per step, prefixed with its stage number and reason code.</summary>
    public static string Describe(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var text = new StringBuilder();
        foreach (var step in decision.Explanation)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)step.Stage}. [{step.Code.ToCode()}] ").AppendLine(Describe(step));
        }

        return text.ToString();
    }

    /// <summary>The sentence for one step.</summary>
    // Long on purpose: one arm per reason code, read as one table of sentences; split, a code's sentence would be harder to find.
    public static string Describe(in ExplanationStep step)
    {
        var s = step;
        var subject = s.Subject ?? "";
        return s.Code switch
        {
            ReasonCode.Observed => $"The target runs {N(s.After)} (spec){Opt(", status ", s.Limit)}{Opt(", ready ", s.Value)}.",
            ReasonCode.ExternalChange => $"The target's spec changed outside PromoScaler from {N(s.Before)} to {N(s.After)}; continuing from {N(s.After)}.",
            ReasonCode.TargetScaledToZero => "The target was scaled to zero outside PromoScaler, on purpose: the policy behaves as paused (pre-warms do not wake it) until an operator resumes it with `promoscaler resume POLICY`.",
            ReasonCode.ZeroByOverride => $"The target is at 0 by {subject}'s pin below minReplicas: it stays there until the pin expires, or `promoscaler resume POLICY` or `promoscaler override clear POLICY` ends it.",
            ReasonCode.ZeroOverrideEnded => "The target is at 0 from an operator's pin that has ended: the policy decides normally again, from minReplicas at least.",
            ReasonCode.ZeroResumed => "The target was scaled to zero outside PromoScaler and an operator resumed the policy: it decides normally again, from minReplicas at least.",
            ReasonCode.StateSeeded => $"No remembered state: the stabilization history is seeded with {N(s.After)}, so nothing scales down before the window passes.",
            ReasonCode.ResumeReseeded => $"Resumed after a pause: the stabilization history is re-seeded with {N(s.After)}.",
            ReasonCode.MetricValid => $"Metric {subject} = {D(s.Value)}.",
            ReasonCode.NoData => $"Metric {subject} has no data.",
            ReasonCode.MultipleSeries => $"Metric {subject} returned {D(s.Value)} series instead of one.",
            ReasonCode.NotANumber => $"Metric {subject} is NaN.",
            ReasonCode.Infinite => $"Metric {subject} is infinite ({D(s.Value)}).",
            ReasonCode.Negative => $"Metric {subject} is negative ({D(s.Value)}).",
            ReasonCode.AboveMaxValue => $"Metric {subject} = {D(s.Value)} is above its maxValue {D(s.Limit)}: not obeyed.",
            ReasonCode.Stale => s.Value is null
                ? $"Metric {subject} has no known sample time: treated as stale."
                : $"Metric {subject} is stale: its newest sample is {D(s.Value)}s old, more than maxStaleness {D(s.Limit)}s.",
            ReasonCode.Incomplete => $"Metric {subject} is incomplete: completeness {Pct(s.Value)} is below {Pct(s.Limit)}.",
            ReasonCode.QueryError => $"Metric {subject}: the query failed.",
            ReasonCode.ReadFailed => $"Metric {subject}: the read failed.",
            ReasonCode.Timeout => $"Metric {subject}: the read timed out.",
            ReasonCode.CircuitOpen => $"Metric {subject}: the source's circuit breaker is open; nothing was read.",
            ReasonCode.CalibratedProposal => $"Metric {subject} = {D(s.Value)}: R = {D(s.Limit)} replicas, calibrated sizing proposes {N(s.After)}.",
            ReasonCode.CalibrationFallback => $"Metric {subject} = {D(s.Value)}: R = {D(s.Limit)} replicas, too few rises to calibrate yet: the fallback margin proposes {N(s.After)}.",
            ReasonCode.CalibrationMargin => $"Margin beta {D(s.Value)} from {N(s.After)} rises: {D(s.Limit)} replicas of headroom.",
            ReasonCode.CalibrationBand => $"Load band {subject}: beta {D(s.Value)} is the band's own, from its {N(s.After)} rises.",
            ReasonCode.CalibrationBandPooled => $"Load band {subject} has {N(s.After)} rises, too few for its own quantile: beta {D(s.Value)} is pooled over all bands.",
            ReasonCode.CalibrationWindow => s.Value is null
                ? $"Inside pre-warm window {subject}: no rise remembered inside this policy's windows yet; the band's beta stands."
                : $"Inside pre-warm window {subject}: in-window beta {D(s.Value)} from {N(s.After)} rises inside this policy's windows (band beta {D(s.Limit)}); the larger is used.",
            ReasonCode.CalibrationWindowTrend => $"Inside pre-warm window {subject}: the signal rose {D(s.Value)} replicas over the last {D(s.Limit)} s (lag + startup + interval); that growth is added to R for the next {D(s.Limit)} s: {N(s.After)} sized.",
            ReasonCode.CalibrationBurst => $"Metric {subject}: the signal rose {D(s.Value)} replicas within the last re-add horizon, beyond the margin of {D(s.Limit)}: the rise is carried forward, {N(s.After)} sized.",
            ReasonCode.CalibrationScaleDownHeld => $"Metric {subject}: {N(s.Before)} replicas sized, but a higher count was proposed within the last {D(s.Value)} s (scale-down hold = lag + startup + interval + the sample period observed, {D(s.Limit)} s): {N(s.After)}.",
            ReasonCode.CalibrationHold => $"Hold {subject}: cost {D(s.Value)} replicas{Opt(" against ", s.Limit)}.",
            ReasonCode.CalibrationCoverage => $"Coverage over the window {Pct(s.Value)}, target {Pct(s.Limit)}.",
            ReasonCode.CalibrationMissing => $"Metric {subject} has no calibrated proposal: proposes nothing and blocks scale-down.",
            ReasonCode.ReactiveProposal => $"Metric {subject} = {D(s.Value)} proposes {N(s.After)} replicas (ceil of value / targetPerReplica){Opt("; load ratio ", s.Limit)}.",
            ReasonCode.WithinTolerance => $"Metric {subject} = {D(s.Value)} is within tolerance of {N(s.Before)} replicas (load ratio {D(s.Limit)}): keep {N(s.After)}.",
            ReasonCode.NoValidMetrics => "No metric is valid.",
            ReasonCode.HoldOnMissingMetrics => $"onMissingMetrics: hold keeps {N(s.After)}.",
            ReasonCode.FallbackScaleUp => $"onMissingMetrics: scaleUp moves toward fallbackReplicas {D(s.Limit)} through the scale-up step policies, never lower than {N(s.Before)}: {N(s.After)}.",
            ReasonCode.ForecastUsed => $"Forecast ({subject}) {D(s.Value)} proposes {N(s.After)} replicas{Opt("; recent error ", s.Limit, pct: true)}.",
            ReasonCode.ForecastNotReady => "The forecast is not ready (too little history to fit).",
            ReasonCode.ForecastUntrusted => $"The forecast is ignored: its recent error {Pct(s.Value)} is above maxError {Pct(s.Limit)}.",
            ReasonCode.ForecastInputInvalid => "The forecast is ignored: its own input (the prediction metric) is invalid now.",
            ReasonCode.ForecastWithinTolerance => $"Forecast {D(s.Value)} is within tolerance of {N(s.Before)} replicas: ignored.",
            ReasonCode.ForecastInvalid => $"The forecast value {D(s.Value)} is not a usable number: ignored.",
            ReasonCode.ForecastEarned => $"The forecast has earned its place: over the last {N(s.After)} judged decisions it covered {D(s.Value)} under-provisioned horizons, the same replicas spread evenly {D(s.Limit)}.",
            ReasonCode.ForecastShortLead => $"The forecast is not consulted: calibrated sizing covers a startup of {D(s.Value)} s, shorter than the forecast's step of {D(s.Limit)} s.",
            ReasonCode.ForecastNotEarned => $"The forecast is ignored: over the last {N(s.After)} judged decisions it covered {D(s.Value)} under-provisioned horizons, not more than the same replicas spread evenly ({D(s.Limit)}).",
            ReasonCode.PrewarmFloor => $"Pre-warm {subject} is active: floor {N(s.After)} (full floor {D(s.Value)}{Opt(", baseline ", s.Limit)}).",
            ReasonCode.PrewarmBaselineUnknown => $"Pre-warm {subject} is active but its multiplier baseline was lost: floor = current {N(s.After)}.",
            ReasonCode.PrewarmClampedToMax => $"Pre-warm {subject} floor {N(s.Before)} is clamped to maxReplicas {N(s.After)}.",
            ReasonCode.FloorOverride => $"Floor override by {subject}: {D(s.Value)}, floor {N(s.After)}.",
            ReasonCode.HostedPrewarm => $"Hosted pre-warm {subject} is active: {D(s.Value)} pods at {D(s.Limit)} per node need {N(s.After)} nodes, ahead of the pods by this group's startup.",
            ReasonCode.HostedPods => s.Subject is null
                ? $"The hosted pod policies need {N(s.After)} nodes in all."
                : $"Hosted pod policy {subject} runs {D(s.Value)} pods at {D(s.Limit)} per node: at least {N(s.After)} nodes until its pods scale down.",
            ReasonCode.HostedFloorClampedToMax => $"The {N(s.Before)} nodes the hosted pods need are clamped to maxReplicas {N(s.After)}.",
            ReasonCode.RawDesired => $"Raw desired (largest proposal) = {N(s.After)}; recorded in the stabilization history.",
            ReasonCode.Stabilized => s.Before == s.After
                ? $"Stabilization keeps {N(s.After)}."
                : $"Stabilization turns {N(s.Before)} into {N(s.After)} (recent recommendations inside the windows).",
            ReasonCode.ScaleUpLimited => $"Scale-up step policies allow at most {D(s.Limit)}: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.ScaleDownLimited => $"Scale-down step policies allow at least {D(s.Limit)}: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.ScaleUpDisabled => $"Scale-up is disabled (selectPolicy: Disabled): stays at {N(s.After)}.",
            ReasonCode.ScaleDownDisabled => $"Scale-down is disabled (selectPolicy: Disabled): stays at {N(s.After)}.",
            ReasonCode.FreezeWindow => $"A freeze window{Opt(" (", subject, ")")} is active: no scale-down, {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.FreezeOverride => $"A freeze override by {subject} is active: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.BudgetCapped => $"Budget allows at most {D(s.Limit)} replicas: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.BudgetExceededByFloor => $"Budget allows {D(s.Limit)} replicas, but an active pre-warm or floor override needs {N(s.After)}: the floor is kept.",
            ReasonCode.InvalidMetricBlocksScaleDown => $"A metric is invalid, which blocks scale-down: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.MinReplicas => $"minReplicas {D(s.Limit)}: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.CeilingOverride => $"Ceiling override by {subject}: at most {D(s.Limit)}, {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.PinOverride => $"Pin override by {subject}: {D(s.Value)} (target {D(s.Limit)}), result {N(s.After)}.",
            ReasonCode.MaxReplicas => $"maxReplicas {D(s.Limit)}: {N(s.Before)} becomes {N(s.After)}.",
            ReasonCode.HpaMaxBelowFloor => $"The HPA's maxReplicas {D(s.Limit)} is below the floor {N(s.Before)}: writing {N(s.After)}.",
            ReasonCode.ScaleUp => $"Scale up from {N(s.Before)} to {N(s.After)}.",
            ReasonCode.ScaleDown => $"Scale down from {N(s.Before)} to {N(s.After)}.",
            ReasonCode.NoChange => $"No change: {N(s.After)}.",
            ReasonCode.Paused => $"The policy is paused: would go from {N(s.Before)} to {N(s.After)}, writes nothing.",
            ReasonCode.HostedByGroup => $"Hosted by VM group policy {subject} ({D(s.Value)} pods per node): {N(s.Before)} pods need {N(s.After)} nodes, which that group keeps.",
            ReasonCode.DryRun => $"Dry run: would go from {N(s.Before)} to {N(s.After)}, writes nothing.",
            _ => $"{s.Code.ToCode()}.",
        };
    }

    private static string N(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string D(double? d) => d?.ToString("0.####", CultureInfo.InvariantCulture) ?? "?";

    private static string Pct(double? fraction) => fraction is { } f ? (f * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "unknown";

    private static string Opt(string prefix, double? value, bool pct = false) =>
        value is null ? "" : prefix + (pct ? Pct(value) : D(value));

    private static string Opt(string prefix, string? value, string suffix) => value is null ? "" : prefix + value + suffix;
}
