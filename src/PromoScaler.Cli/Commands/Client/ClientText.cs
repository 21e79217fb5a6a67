using System.Globalization;
using PromoScaler.Admin.Contracts;

namespace PromoScaler.Cli.Commands.Client;

/// <summary>Short texts of the API's views for tables.</summary>
internal static class ClientText
{
    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    public static string Time(DateTimeOffset value) => Core.Policies.Instant.Format(value);

    /// <summary>
    /// A remaining time as the daemon computed it on its own clock (the API's <c>remaining</c>, policy syntax), rounded
    /// down to the minute (<c>25m</c>), or <c>expired</c>; <c>-</c> when the daemon sent none. The client's clock is
    /// never used: a demo's daemon runs a simulated one.
    /// </summary>
    public static string Left(string? remaining) =>
        remaining is not null && Core.Policies.Duration.TryParse(remaining, out var left) ? Left(left) : "-";

    /// <summary><paramref name="left"/> rounded down to the minute (<c>25m</c>), or <c>expired</c>.</summary>
    public static string Left(TimeSpan left) => left <= TimeSpan.Zero ? "expired" : Span(left);

    /// <summary>A duration of at least zero, rounded down: <c>40s</c>, <c>25m</c> (under 2h), <c>5h</c>.</summary>
    public static string Span(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? $"{(int)Math.Max(0, span.TotalSeconds)}s"
        : span < TimeSpan.FromHours(2) ? $"{(int)span.TotalMinutes}m"
        : $"{(int)span.TotalHours}h";

    public static string Override(OverrideView o) => o.Replicas is { } n ? $"{o.Kind}={n}" : o.Kind;

    /// <summary>A target held at zero in a few words, for the PAUSE column: <c>zero 4m</c> (an operator's pin) or <c>zero</c>.</summary>
    public static string ZeroCell(ZeroView zero) => zero.Cause == "override" ? $"zero {Left(zero.Remaining)}" : "zero";

    /// <summary>A target held at zero in a sentence that names the way out.</summary>
    public static string ZeroLine(string policy, ZeroView zero) => zero.Cause == "override"
        ? $"{policy}: held at 0 by {zero.Owner}'s pin below minReplicas ({zero.Reason}) for {Left(zero.Remaining)} more; then it scales as the policy says (at least minReplicas). End it now: {zero.WayOut} (or promoscaler override clear {policy})"
        : $"{policy}: scaled to zero outside PromoScaler; the policy behaves as paused and pre-warms do not wake it. Let it scale again: {zero.WayOut}";

    public static string Target(TargetView t) => $"{t.Kind}/{t.Name}";

    public static string Windows(IReadOnlyList<WindowView> windows) =>
        windows.Count == 0 ? "-" : string.Join(",", windows.Select(w => w.Floor is { } f ? $"{w.Name}={f}" : w.Name ?? w.Kind));

    public static string Forecast(ExplanationStepView? step) => step switch
    {
        null => "-",
        { Code: "forecastUsed", Value: { } v } => v.ToString("0.##", CultureInfo.InvariantCulture),
        { Code: var code } => code,
    };

    /// <summary>The HEALTH column: <c>ok</c>, or the failing parts, e.g. <c>metrics,write</c> (each degraded reason starts with its part; the reasons follow the table).</summary>
    public static string Health(IReadOnlyList<string> degraded)
    {
        if (degraded.Count == 0)
        {
            return "ok";
        }

        var parts = degraded.Select(d => d.IndexOf(':', StringComparison.Ordinal) is > 0 and <= 12 and var colon ? d[..colon] : "degraded").Distinct(StringComparer.Ordinal);
        return string.Join(",", parts);
    }
}
