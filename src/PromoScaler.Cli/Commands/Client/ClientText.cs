using System.Globalization;
using PromoScaler.Admin.Contracts;

namespace PromoScaler.Cli.Commands.Client;

/// <summary>Short texts of the API's views for tables.</summary>
internal static class ClientText
{
    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    public static string Time(DateTimeOffset value) => Core.Policies.Instant.Format(value);

    /// <summary>How long until <paramref name="at"/>, rounded to the minute (<c>25m</c>), or <c>expired</c>.</summary>
    public static string Left(DateTimeOffset at, DateTimeOffset now)
    {
        var left = at - now;
        return left <= TimeSpan.Zero ? "expired"
            : left < TimeSpan.FromMinutes(1) ? $"{(int)left.TotalSeconds}s"
            : left < TimeSpan.FromHours(2) ? $"{(int)left.TotalMinutes}m"
            : $"{(int)left.TotalHours}h";
    }

    public static string Override(OverrideView o) => o.Replicas is { } n ? $"{o.Kind}={n}" : o.Kind;

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
