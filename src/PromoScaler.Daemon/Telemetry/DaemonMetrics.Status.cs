using Prometheus;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.Telemetry;

/// <summary>
/// The per-policy status the alert rules and the dashboard read: operator intent in force, the pre-warm window,
/// clipping, the forecast's verdict and when the policy last read its metrics, saw its target and wrote. Times are
/// Unix-second gauges (<c>time() - x</c> in PromQL), so a daemon that stops ticking ages them instead of freezing a
/// "seconds since" value. Every series carries the policy name only, plus a closed set (override kind, clip limit).
/// Flags (paused, pre-warm active, clipped, reload rejected) are exported only while 1, and the pre-warm series only
/// for a policy with pre-warm windows: each series held costs about 400 bytes a policy, and the alerts compare with 1.
/// </summary>
public sealed partial class DaemonMetrics
{
    private static readonly string[] PolicyKind = ["policy", "kind"];
    private static readonly string[] PolicyLimit = ["policy", "limit"];

    /// <summary>The override kinds as label values: <c>pin</c>, <c>ceiling</c>, <c>floor</c>, <c>freezeScaleDown</c>, <c>freezeScaleUp</c>.</summary>
    internal static readonly string[] OverrideKindLabels = [.. Enum.GetNames<OverrideKind>().Select(CamelCase)];

    /// <summary>What can clip a target's count: the policy's <c>maxReplicas</c>, an HPA's own max, a VM group's MaxSize.</summary>
    internal static readonly string[] ClipLimits = ["maxReplicas", "hpaMax", "groupMaxSize"];

    private Gauge[] _status = [];

    internal Gauge Paused { get; private set; } = null!;

    internal Gauge PausedUntil { get; private set; } = null!;

    internal Gauge PausedSince { get; private set; } = null!;

    internal Gauge OverrideActive { get; private set; } = null!;

    internal Gauge OverrideExpiry { get; private set; } = null!;

    internal Gauge PrewarmActive { get; private set; } = null!;

    internal Gauge PrewarmFloor { get; private set; } = null!;

    internal Gauge PrewarmStart { get; private set; } = null!;

    internal Gauge ReadyLead { get; private set; } = null!;

    internal Gauge Clipped { get; private set; } = null!;

    internal Gauge ForecastTrusted { get; private set; } = null!;

    internal Gauge LastMetricRead { get; private set; } = null!;

    internal Gauge LastTargetRead { get; private set; } = null!;

    internal Gauge LastWrite { get; private set; } = null!;

    internal Gauge ReloadRejected { get; private set; } = null!;

    internal Gauge PoliciesRejected { get; private set; } = null!;

    internal Counter AdminRequests { get; private set; } = null!;

    internal Histogram MetricReadDuration { get; private set; } = null!;

    private void CreateStatusMetrics(IMetricFactory factory)
    {
        Paused = factory.CreateGauge("promoscaler_policy_paused", "1 while an operator's pause is in force (absent otherwise).", Policy);
        PausedUntil = factory.CreateGauge("promoscaler_policy_paused_until_timestamp_seconds", "When the pause in force ends by itself (absent: not paused).", Policy);
        PausedSince = factory.CreateGauge("promoscaler_policy_paused_since_timestamp_seconds", "When the pause in force was set (absent: not paused).", Policy);
        OverrideActive = factory.CreateGauge("promoscaler_policy_override_active", "1 per override kind in force (pin, ceiling, floor, freezeScaleDown, freezeScaleUp); absent otherwise.", PolicyKind);
        OverrideExpiry = factory.CreateGauge("promoscaler_policy_override_expiry_timestamp_seconds", "When the override of that kind in force expires.", PolicyKind);
        PrewarmActive = factory.CreateGauge("promoscaler_policy_prewarm_active", "1 while a pre-warm window (declared or runtime) is active: from start - lead to the end of its rampDown (absent otherwise).", Policy);
        PrewarmFloor = factory.CreateGauge("promoscaler_policy_prewarm_floor_replicas", "The largest pre-warm floor of the last decision, after maxReplicas (absent: no active window).", Policy);
        PrewarmStart = factory.CreateGauge("promoscaler_policy_prewarm_start_timestamp_seconds", "The start of the active pre-warm occurrence, else of the next one within a week (absent: none).", Policy);
        ReadyLead = factory.CreateGauge("promoscaler_policy_ready_lead_seconds", "startup + interval: how long before a window's start its floor must be asked for to be serving at the start (policies with pre-warm windows).", Policy);
        Clipped = factory.CreateGauge("promoscaler_policy_clipped", "1 when the last decision or write was cut by a limit (maxReplicas, hpaMax, groupMaxSize); absent otherwise.", PolicyLimit);
        ForecastTrusted = factory.CreateGauge("promoscaler_policy_forecast_trusted", "The forecast gate's verdict of the last tick: 1 earned, 0 not earned (absent: no gate).", Policy);
        LastMetricRead = factory.CreateGauge("promoscaler_policy_last_metric_read_success_timestamp_seconds", "The last tick in which every metric of the policy was read without failure.", Policy);
        LastTargetRead = factory.CreateGauge("promoscaler_policy_last_target_read_success_timestamp_seconds", "The last tick in which the target answered a read.", Policy);
        LastWrite = factory.CreateGauge("promoscaler_policy_last_write_success_timestamp_seconds", "The last write the target accepted (ok or clipped); absent until the first.", Policy);
        ReloadRejected = factory.CreateGauge("promoscaler_policy_reload_rejected", "1 while the latest edit of the policy's file is rejected (the last good version runs); absent otherwise.", Policy);
        PoliciesRejected = factory.CreateGauge("promoscaler_policy_files_rejected", "Policy files with errors in the directory's latest content (0: the latest content runs).");
        AdminRequests = factory.CreateCounter("promoscaler_admin_requests_total", "Requests to the admin listener by route pattern, method and status code.", ["route", "method", "status"]);
        // No policy label: a histogram per policy would cost 15 series each; the policy's outcomes are in promoscaler_metric_reads_total.
        MetricReadDuration = factory.CreateHistogram("promoscaler_metric_read_duration_seconds", "Time of one metric read (an instant PromQL query), whatever its outcome.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
        _status = [Paused, PausedUntil, PausedSince, PrewarmActive, PrewarmFloor, PrewarmStart, ReadyLead, ForecastTrusted, LastMetricRead, LastTargetRead, LastWrite, ReloadRejected];
    }

    /// <summary>The operator intent of <paramref name="policy"/> in force at <paramref name="now"/>.</summary>
    internal void IntentAt(string policy, PolicyIntent intent, DateTimeOffset now)
    {
        var pause = intent.ActivePause(now);
        SetFlag(Paused, policy, pause is not null);
        SetOrRemove(PausedUntil, policy, pause is null ? null : Seconds(pause.ExpiresAt));
        SetOrRemove(PausedSince, policy, pause is null ? null : Seconds(pause.SetAt));
        var active = intent.ActiveOverrides(now).ToDictionary(o => CamelCase(o.Kind.ToString()), StringComparer.Ordinal);
        foreach (var kind in OverrideKindLabels)
        {
            if (active.TryGetValue(kind, out var o))
            {
                OverrideActive.WithLabels(policy, kind).Set(1);
                OverrideExpiry.WithLabels(policy, kind).Set(Seconds(o.ExpiresAt));
            }
            else
            {
                OverrideActive.RemoveLabelled(policy, kind);
                OverrideExpiry.RemoveLabelled(policy, kind);
            }
        }
    }

    /// <summary>The pre-warm windows of <paramref name="policy"/> (runtime pre-warms merged) at <paramref name="now"/>.</summary>
    internal void WindowsAt(ScalingPolicy policy, DateTimeOffset now)
    {
        var name = policy.Name;
        if (policy.Spec.Prewarm.Count == 0)
        {
            ReadyLead.RemoveLabelled(name);
            PrewarmActive.RemoveLabelled(name);
            PrewarmStart.RemoveLabelled(name);
            return;
        }

        ReadyLead.WithLabels(name).Set((policy.Spec.Startup + policy.Spec.Interval).TotalSeconds);
        DateTimeOffset? active = null, next = null;
        foreach (var window in policy.Spec.Prewarm)
        {
            foreach (var occurrence in WindowCalendar.ActivePrewarms(window, now))
            {
                active = Earlier(active, occurrence.Start);
            }

            foreach (var occurrence in WindowCalendar.NextPrewarms(window, now, 1))
            {
                if (occurrence.Start - now <= TimeSpan.FromDays(7))
                {
                    next = Earlier(next, occurrence.Start);
                }
            }
        }

        SetFlag(PrewarmActive, name, active is not null);
        SetOrRemove(PrewarmStart, name, (active ?? next) is { } start ? Seconds(start) : null);
    }

    /// <summary>What a completed decision tells: the floor, clipping, the forecast verdict and the successful reads and write.</summary>
    internal void TickCompleted(string policy, Decision decision, bool everyMetricRead, string? writeOutcome, ForecastVerdict? verdict, DateTimeOffset now)
    {
        var seconds = Seconds(now);
        LastTargetRead.WithLabels(policy).Set(seconds);
        if (everyMetricRead)
        {
            LastMetricRead.WithLabels(policy).Set(seconds);
        }

        if (writeOutcome is "ok" or "clipped")
        {
            LastWrite.WithLabels(policy).Set(seconds);
        }

        // Each occurrence records its level, then a clamp step when maxReplicas cut it: the clamp replaces the level.
        var levels = new List<int>();
        bool byMax = false, byHpa = false;
        foreach (var step in decision.Explanation)
        {
            if (step.Code is ReasonCode.PrewarmFloor or ReasonCode.PrewarmBaselineUnknown && step.After is { } level)
            {
                levels.Add(level);
            }
            else if (step.Code == ReasonCode.PrewarmClampedToMax && step.After is { } clamped && levels.Count > 0)
            {
                levels[^1] = clamped;
            }

            byMax |= step.Code is ReasonCode.MaxReplicas or ReasonCode.PrewarmClampedToMax;
            byHpa |= step.Code == ReasonCode.HpaMaxBelowFloor;
        }

        SetOrRemove(PrewarmFloor, policy, levels.Count == 0 ? null : levels.Max());
        SetFlag(Clipped, policy, "maxReplicas", byMax);
        SetFlag(Clipped, policy, "hpaMax", byHpa);
        // A VM group's MaxSize shows only in a write's answer: a tick that wrote nothing keeps the last verdict.
        if (writeOutcome is not null)
        {
            SetFlag(Clipped, policy, "groupMaxSize", writeOutcome == "clipped");
        }

        SetOrRemove(ForecastTrusted, policy, verdict is null ? null : verdict.Earned ? 1 : 0);
    }

    /// <summary>After a reload: which running policies' files the rejected content broke (none after an applied reload).</summary>
    internal void ReloadJudged(IEnumerable<ScalingPolicy> running, IReadOnlyCollection<string> rejectedFiles)
    {
        var files = rejectedFiles.Where(f => f.Length > 0).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        PoliciesRejected.Set(files.Count);
        foreach (var policy in running)
        {
            SetFlag(ReloadRejected, policy.Name, files.Contains(Path.GetFullPath(policy.Origin.File)));
        }
    }

    internal void AdminRequest(string route, string method, int status) =>
        AdminRequests.WithLabels(route, method, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    private void ForgetStatus(string policy)
    {
        foreach (var gauge in _status)
        {
            gauge.RemoveLabelled(policy);
        }

        foreach (var kind in OverrideKindLabels)
        {
            OverrideActive.RemoveLabelled(policy, kind);
            OverrideExpiry.RemoveLabelled(policy, kind);
        }

        foreach (var limit in ClipLimits)
        {
            Clipped.RemoveLabelled(policy, limit);
        }
    }

    /// <summary>A flag's series: 1 while on, absent while off.</summary>
    private static void SetFlag(Gauge gauge, string policy, bool on)
    {
        if (on)
        {
            gauge.WithLabels(policy).Set(1);
        }
        else
        {
            gauge.RemoveLabelled(policy);
        }
    }

    private static void SetFlag(Gauge gauge, string policy, string label, bool on)
    {
        if (on)
        {
            gauge.WithLabels(policy, label).Set(1);
        }
        else
        {
            gauge.RemoveLabelled(policy, label);
        }
    }

    private static double Seconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;
}
