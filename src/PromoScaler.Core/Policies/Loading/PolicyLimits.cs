namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// The stated limits of policy loading (docs/policy.md, "Limits"), checked while reading and before any work that
/// grows with the input, so that a bad file is refused in bounded time and memory with a positioned error. Each is
/// far above what a real policy needs.
/// </summary>
public static class PolicyLimits
{
    /// <summary>Largest policy file: 1 MiB (a real policy is a few kilobytes).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Most YAML documents in one file.</summary>
    public const int MaxDocuments = 1000;

    /// <summary>Deepest nesting of mappings and sequences (a policy needs 6).</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>Longest scalar, in characters (a long PromQL query is a few hundred).</summary>
    public const int MaxScalarLength = 16 * 1024;

    /// <summary>Most nodes one file may stand for once its aliases are expanded (a guard against alias bombs).</summary>
    public const int MaxExpandedNodes = 1_000_000;

    /// <summary>Longest lead, hold, ramp-down or freeze duration: 366 days.</summary>
    public static readonly TimeSpan MaxWindowDuration = TimeSpan.FromDays(366);

    /// <summary>Largest <c>spec.prediction.headroom</c>: 1000% (the forecast times 11; beyond it the forecast means nothing).</summary>
    public const double MaxHeadroomPercent = 1000;

    /// <summary>Most samples a forecast keeps (history / step, season / step): two weeks at 15s is 80,640.</summary>
    public const int MaxForecastSamples = 100_000;

    /// <summary>Most occurrences of one cron window that may be active at the same instant.</summary>
    public const int MaxActiveOccurrences = 100;

    /// <summary>Values longer than this are quoted shortened in messages (with their length).</summary>
    public const int QuotedLength = QuotedValue.MaxLength;

    /// <summary><paramref name="text"/> quoted for a message (<see cref="QuotedValue.Of"/>).</summary>
    public static string Quote(string text) => QuotedValue.Of(text);
}
