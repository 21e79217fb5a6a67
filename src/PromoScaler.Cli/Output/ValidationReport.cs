using System.Globalization;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Prometheus.Validation;

namespace PromoScaler.Cli.Output;

/// <summary>One upcoming active range of a window, in UTC and in the window's own zone.</summary>
internal sealed record WindowOccurrence(DateTimeOffset From, DateTimeOffset Until, DateTimeOffset FromLocal, DateTimeOffset UntilLocal);

/// <summary>The next occurrences of one pre-warm or freeze window.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Type"><c>prewarm</c> or <c>freeze</c>.</param>
/// <param name="Path">The window's field path, e.g. <c>spec.guardrails.freeze[0]</c>.</param>
/// <param name="Name">The pre-warm's name; null for a freeze.</param>
/// <param name="TimeZone">The cron's IANA zone, or <c>UTC+hh:mm</c> for a one-off start written with that offset.</param>
/// <param name="Occurrences">The next active ranges that have not ended, earliest first.</param>
internal sealed record WindowSchedule(string Policy, string Type, string Path, string? Name, string TimeZone, IReadOnlyList<WindowOccurrence> Occurrences);

/// <summary>One metric as <c>validate --prometheus</c> read it.</summary>
/// <param name="Metric">The metric as the policy declares it.</param>
/// <param name="Check">What the source read and the verdict.</param>
internal sealed record CheckedMetric(MetricSpec Metric, MetricCheck Check);

/// <summary>The queries of every policy, run once against one Prometheus.</summary>
/// <param name="Url">The Prometheus every source pointed at.</param>
/// <param name="At">The evaluation instant.</param>
/// <param name="Metrics">Every metric of every policy, in file order.</param>
internal sealed record PrometheusCheckReport(Uri Url, DateTimeOffset At, IReadOnlyList<CheckedMetric> Metrics)
{
    /// <summary>Metrics that failed the check.</summary>
    public int Failed => Metrics.Count(m => !m.Check.Passed);
}

/// <summary>What <c>validate</c> reports, independent of the output format.</summary>
/// <param name="Valid">The policies loaded and, when checked, every query answered with one series.</param>
/// <param name="Policies">The policies loaded (none when any error was found).</param>
/// <param name="Errors">Every error, with file, line and column.</param>
/// <param name="Warnings">Every warning.</param>
/// <param name="Windows">The next occurrences of every pre-warm and freeze window.</param>
/// <param name="Prometheus">The query check; null when <c>--prometheus</c> was not given or loading failed.</param>
internal sealed record ValidationReport(
    bool Valid,
    IReadOnlyList<ScalingPolicy> Policies,
    IReadOnlyList<PolicyDiagnostic> Errors,
    IReadOnlyList<PolicyDiagnostic> Warnings,
    IReadOnlyList<WindowSchedule> Windows,
    PrometheusCheckReport? Prometheus = null)
{
    public static ValidationReport Build(PolicyLoadResult result, DateTimeOffset now, int occurrences, PrometheusCheckReport? prometheus = null)
    {
        var windows = new List<WindowSchedule>();
        foreach (var policy in result.Policies)
        {
            for (var i = 0; i < policy.Spec.Prewarm.Count; i++)
            {
                var window = policy.Spec.Prewarm[i];
                var (zone, toLocal) = ZoneOf(window.Cron, window.Start);
                var next = WindowCalendar.NextPrewarms(window, now, occurrences)
                    .Select(o => Occurrence(o.ActiveFrom, o.ActiveUntil, toLocal));
                windows.Add(new WindowSchedule(policy.Name, "prewarm", $"spec.prewarm[{i}]", window.Name, zone, [.. next]));
            }

            for (var i = 0; i < policy.Spec.Guardrails.Freeze.Count; i++)
            {
                var window = policy.Spec.Guardrails.Freeze[i];
                var (zone, toLocal) = ZoneOf(window.Cron, window.Start);
                var next = WindowCalendar.NextFreezes(window, now, occurrences)
                    .Select(o => Occurrence(o.From, o.Until, toLocal));
                windows.Add(new WindowSchedule(policy.Name, "freeze", $"spec.guardrails.freeze[{i}]", null, zone, [.. next]));
            }
        }

        var valid = result.Succeeded && (prometheus is null || prometheus.Failed == 0);
        return new ValidationReport(valid, result.Policies, [.. result.Errors], [.. result.Warnings], windows, prometheus);
    }

    private static WindowOccurrence Occurrence(DateTimeOffset from, DateTimeOffset until, Func<DateTimeOffset, DateTimeOffset> toLocal) =>
        new(from.ToUniversalTime(), until.ToUniversalTime(), toLocal(from), toLocal(until));

    /// <summary>A cron window lives in its IANA zone; a one-off window in the offset its start was written with.</summary>
    private static (string Zone, Func<DateTimeOffset, DateTimeOffset> ToLocal) ZoneOf(CronSchedule? cron, DateTimeOffset? start)
    {
        if (cron is not null)
        {
            return (cron.TimeZone.Id, t => TimeZoneInfo.ConvertTime(t, cron.TimeZone));
        }

        var offset = start.GetValueOrDefault().Offset;
        var label = offset == TimeSpan.Zero
            ? "UTC"
            : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture);
        return (label, t => t.ToOffset(offset));
    }
}
