using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Policies.Validation;

/// <summary>
/// What the calendar would fail on, checked at load: every window inside the instants the program computes
/// with, no more than <see cref="PolicyLimits.MaxActiveOccurrences"/> occurrences of one window active at once
/// (each is evaluated at every tick), and a warning for a cron window that never occurs. They run on valid
/// policies, before the warnings, which compute with the windows' instants.
/// </summary>
internal static class PolicyWindowRules
{
    /// <summary>How many upcoming starts of a cron window are examined for overlap.</summary>
    private const int StartsExamined = 1000;

    public static IEnumerable<PolicyDiagnostic> Check(PolicyDocument document, DateTimeOffset now)
    {
        var policy = document.Policy ?? throw new ArgumentException("window rules need a valid policy", nameof(document));
        var list = new List<PolicyDiagnostic>();
        void Report(DiagnosticSeverity severity, string path, string message) =>
            list.Add(new PolicyDiagnostic(severity, document.LocationOf(path), path, message));

        for (var i = 0; i < policy.Spec.Prewarm.Count; i++)
        {
            var window = policy.Spec.Prewarm[i];
            var path = $"spec.prewarm[{i}]";
            var before = window.Lead;
            var after = window.Hold + window.RampDown;
            if (window.Start is { } start)
            {
                CheckInside($"{path}.start", start, before, after, Report);
            }
            else
            {
                CheckRecurring(window.Cron!, $"{path}.cron", before + after, now, Report);
            }
        }

        var freezes = policy.Spec.Guardrails.Freeze;
        for (var j = 0; j < freezes.Count; j++)
        {
            var path = $"spec.guardrails.freeze[{j}]";
            if (freezes[j] is { Start: { } start, End: { } end })
            {
                CheckInside($"{path}.start", start, TimeSpan.Zero, end - start, Report);
            }
            else if (freezes[j] is { Cron: { } cron, Duration: { } duration })
            {
                CheckRecurring(cron, $"{path}.cron", duration, now, Report);
            }
        }

        return list;
    }

    /// <summary>
    /// A one-off window active from <paramref name="before"/> before <paramref name="start"/> to <paramref name="after"/>
    /// after it. Compared in ticks: the instants themselves may not be representable (a start in year 9999).
    /// </summary>
    private static void CheckInside(string path, DateTimeOffset start, TimeSpan before, TimeSpan after, Action<DiagnosticSeverity, string, string> report)
    {
        if (start.UtcTicks - before.Ticks < Instant.SupportedFrom.UtcTicks || start.UtcTicks + after.Ticks > Instant.SupportedUntil.UtcTicks)
        {
            report(DiagnosticSeverity.Error, path, $"the window around {Instant.Format(start)} (from {Duration.Format(before)} before to {Duration.Format(after)} after) leaves the supported range {Instant.Format(Instant.SupportedFrom)}..{Instant.Format(Instant.SupportedUntil)}");
        }
    }

    /// <summary>
    /// The most starts of <paramref name="cron"/> that fall within one <paramref name="span"/> (all active at the
    /// instant of the last), over the next <see cref="StartsExamined"/> starts.
    /// </summary>
    private static void CheckRecurring(CronSchedule cron, string path, TimeSpan span, DateTimeOffset now, Action<DiagnosticSeverity, string, string> report)
    {
        if (cron.Next(now, inclusive: true) is null)
        {
            report(DiagnosticSeverity.Warning, path, $"{QuotedValue.Of(cron.Text)} never occurs after {Instant.Format(now)} (a date that does not exist, such as 30 February?); the window never applies");
            return;
        }

        var recent = new Queue<DateTimeOffset>();
        var most = 0;
        var at = now;
        for (var n = 0; n < StartsExamined && at < Instant.SupportedUntil && cron.Next(at) is { } start; n++, at = start)
        {
            recent.Enqueue(start);
            while (recent.Count > 0 && recent.Peek() <= start - span)
            {
                recent.Dequeue();
            }

            most = Math.Max(most, recent.Count);
            if (most > PolicyLimits.MaxActiveOccurrences)
            {
                report(DiagnosticSeverity.Error, path, $"{QuotedValue.Of(cron.Text)} starts more than {PolicyLimits.MaxActiveOccurrences} occurrences within one window of {Duration.Format(span)}, the limit of occurrences active at once; fire less often or shorten the window");
                return;
            }
        }
    }
}
