namespace PromoScaler.Core.Policies;

/// <summary>
/// A value echoed in a message: in quotes, and cut to about 80 characters with its length, so that a mistyped
/// 50 MB value cannot flood a terminal or a log. Policy, trace and flag messages all quote through here.
/// </summary>
public static class QuotedValue
{
    /// <summary>How many characters of a value a message shows.</summary>
    public const int MaxLength = 80;

    /// <summary><paramref name="text"/> in double quotes, shortened past <see cref="MaxLength"/> characters.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxLength ? $"\"{text}\"" : $"\"{text[..MaxLength]}...\" ({text.Length} characters)";
    }
}
