using System.Text;
using Microsoft.AspNetCore.Http;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Http;

/// <summary>Checks of the members every change request shares; each failure is a 400 naming the member.</summary>
internal static class RequestFields
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

        if (DurationProblem(text, field, MaxTtl, out value) is { } bad)
        {
            return bad;
        }

        return value < TimeSpan.FromSeconds(1)
            ? ApiProblem.BadRequest(field, $"'{field}': {Quote(text)} must be at least 1s and at most {Duration.Format(MaxTtl)}.")
            : null;
    }

    /// <summary>An optional duration in the policy syntax, 0s..<paramref name="max"/>.</summary>
    public static IResult? OptionalDuration(string? text, string field, TimeSpan fallback, TimeSpan max, out TimeSpan value)
    {
        value = fallback;
        return text is null ? null : DurationProblem(text, field, max, out value);
    }

    private static IResult? DurationProblem(string text, string field, TimeSpan max, out TimeSpan value) =>
        Duration.Parse(text, out value) switch
        {
            ParseOutcome.Ok when value <= max => null,
            ParseOutcome.Ok or ParseOutcome.OutOfRange => ApiProblem.BadRequest(field, $"'{field}': {Quote(text)} is more than {Duration.Format(max)}."),
            _ => ApiProblem.BadRequest(field, $"'{field}': {Quote(text)} is not a duration: write an integer and one unit, s, m, h or d (90s, 30m, 2h)."),
        };

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

        return value.Any(char.IsControl) || !IsWellFormed(value)
            ? ApiProblem.BadRequest("reason", "'reason' must be one line of text without control characters.")
            : null;
    }

    /// <summary>A pre-warm name: a DNS-1123 label, as declared pre-warm names.</summary>
    public static IResult? Name(string text, string field) =>
        DnsLabel.IsValid(text) ? null
            : ApiProblem.BadRequest(field, $"'{field}': {Quote(text)} is not a valid name: {DnsLabel.Rule}.");

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

        return ApiProblem.BadRequest(field, $"'{field}': {Quote(text)} is neither a duration (2h) nor a timestamp with Z or an offset (2027-11-11T00:00:00+08:00).");
    }

    /// <summary>
    /// A flag of a query (<c>?replace=true</c>): absent, <c>true</c> or <c>false</c>. Read here rather than bound by
    /// minimal APIs, whose binding failure is a 400 without a body.
    /// </summary>
    public static IResult? Flag(string? text, string field, out bool value)
    {
        value = false;
        if (text is null)
        {
            return null;
        }

        if (text is "true" or "false")
        {
            value = text == "true";
            return null;
        }

        return ApiProblem.BadRequest(field, $"'{field}': {Quote(text)} is neither true nor false.");
    }

    /// <summary>
    /// Input echoed in an error: control characters escaped (a newline must not split a log line or a terminal
    /// row), broken surrogates replaced, then quoted and clipped by Core's <see cref="QuotedValue"/>, so an error
    /// never carries a large body back.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = text.Length > QuotedValue.MaxLength * 2 ? text[..(QuotedValue.MaxLength * 2)] : text;
        var quoted = QuotedValue.Of(Printable(shown));
        return text.Length == shown.Length ? quoted : $"{quoted[..quoted.LastIndexOf('(')]}({text.Length} characters)";
    }

    /// <summary><paramref name="text"/> with control characters escaped (<c>\n</c>, <c>\u001b</c>) and broken surrogates replaced.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            escaped.Append(Rune.IsControl(rune) ? Escape(rune.Value) : rune.ToString());
        }

        return escaped.ToString();
    }

    private static string Escape(int c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => $"\\u{c:x4}",
    };

    /// <summary>False when <paramref name="text"/> holds a lone surrogate (no character, and not writable as JSON).</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
