using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Http;

/// <summary>Checks of the members every change request shares; each failure is a 400 naming the member.</summary>
internal static partial class RequestFields
{
    /// <summary>The longest TTL an override or a pause may ask for: an operator's intent should not outlive a week unseen.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(7);

    private const int MaxReasonLength = 500;

    /// <summary>A TTL in the policy duration syntax, 1s..7d.</summary>
    public static IResult? Ttl(string? text, string field, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return ApiProblem.BadRequest(field, $"'{field}' is required: how long it lasts, e.g. 30m or 2h.");
        }

        if (!Duration.TryParse(text, out value))
        {
            return ApiProblem.BadRequest(field, $"'{text}' is not a duration: write an integer and one unit, s, m, h or d (90s, 30m, 2h).");
        }

        return value < TimeSpan.FromSeconds(1) || value > MaxTtl
            ? ApiProblem.BadRequest(field, $"'{text}' must be at least 1s and at most {Duration.Format(MaxTtl)}.")
            : null;
    }

    /// <summary>An optional duration in the policy syntax, 0s..<paramref name="max"/>.</summary>
    public static IResult? OptionalDuration(string? text, string field, TimeSpan fallback, TimeSpan max, out TimeSpan value)
    {
        value = fallback;
        if (text is null)
        {
            return null;
        }

        if (!Duration.TryParse(text, out value))
        {
            return ApiProblem.BadRequest(field, $"'{text}' is not a duration: write an integer and one unit, s, m, h or d (90s, 30m, 2h).");
        }

        return value > max ? ApiProblem.BadRequest(field, $"'{text}' is more than {Duration.Format(max)}.") : null;
    }

    /// <summary>A reason: required when <paramref name="required"/>, 1-500 characters, no control characters.</summary>
    public static IResult? Reason(string? text, bool required, out string? value)
    {
        value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            value = null;
            return required ? ApiProblem.BadRequest("reason", "'reason' is required: say why, for the audit log and the explanation.") : null;
        }

        if (value.Length > MaxReasonLength)
        {
            return ApiProblem.BadRequest("reason", $"'reason' is longer than {MaxReasonLength} characters.");
        }

        return value.Any(char.IsControl) ? ApiProblem.BadRequest("reason", "'reason' must be one line without control characters.") : null;
    }

    /// <summary>A pre-warm name: a DNS-1123 label, as declared pre-warm names.</summary>
    public static IResult? Name(string text, string field) =>
        NamePattern().IsMatch(text) ? null
            : ApiProblem.BadRequest(field, $"'{Clip(text)}' is not a valid name: 1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit.");

    /// <summary>A time in a query: a duration back from now (<c>2h</c>) or a timestamp (<c>2027-11-11T00:00:00+08:00</c>).</summary>
    public static IResult? Instant(string? text, string field, DateTimeOffset now, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Duration.TryParse(text, out var back))
        {
            value = back >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - back;
            return null;
        }

        if (Core.Policies.Instant.Parse(text, out var at) == ParseOutcome.Ok)
        {
            value = at;
            return null;
        }

        return ApiProblem.BadRequest(field, $"'{Clip(text)}' is neither a duration (2h) nor a timestamp with Z or an offset (2027-11-11T00:00:00+08:00).");
    }

    /// <summary>Echoed input is clipped, so an error never carries a large body back.</summary>
    public static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "...";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
