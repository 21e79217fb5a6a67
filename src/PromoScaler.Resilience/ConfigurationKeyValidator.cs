using Microsoft.Extensions.Options;

namespace PromoScaler.Resilience;

/// <summary>
/// Runs a source-generated options validator (<c>[OptionsValidator]</c>) on the options bound from
/// <see cref="Section"/> and words its failures by configuration key, the form every startup error of PromoScaler
/// has: <c>Kubernetes:Retry:MaxRetries: The field MaxRetries must be between 0 and 10.</c> The generator names a
/// member by a dotted display name (<c>KubernetesOptions.Retry.MaxRetries</c>, or the name it is given in place of
/// the type); given the section path as that name, the dotted tail is turned back into the key the user wrote.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="section">The configuration path the options are bound from, e.g. <c>Kubernetes</c> or <c>Prometheus:Sources:default</c>.</param>
/// <param name="generated">The generated validator of <typeparamref name="TOptions"/>.</param>
public sealed class ConfigurationKeyValidator<TOptions>(string section, IValidateOptions<TOptions> generated) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <summary>The configuration path the options are bound from.</summary>
    public string Section { get; } = section;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = generated.Validate(Section, options);
        return result.Failed ? ValidateOptionsResult.Fail(ConfigurationKeys.Failures(result, Section)) : ValidateOptionsResult.Success;
    }
}

/// <summary>The rewriting behind <see cref="ConfigurationKeyValidator{TOptions}"/>, for validators that run a generated one themselves.</summary>
public static class ConfigurationKeys
{
    /// <summary>
    /// The failures of a generated validator that was given <paramref name="section"/> as its name, each as
    /// <c>Section:Member:Nested: message</c> with the member's own name in the message. A failure that does not
    /// name a member under <paramref name="section"/> is kept as it is.
    /// </summary>
    public static IEnumerable<string> Failures(ValidateOptionsResult result, string section)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(section);
        return (result.Failures ?? []).Select(f => Keyed(f, section));
    }

    /// <summary>One failure as <c>key: message</c> (see <see cref="Failures"/>).</summary>
    public static string Keyed(string failure, string section)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentException.ThrowIfNullOrEmpty(section);
        var at = failure.IndexOf(section + ".", StringComparison.Ordinal);
        if (at < 0)
        {
            return failure;
        }

        // The dotted display name: the section, then member names (identifiers) joined by dots.
        var end = at + section.Length;
        while (end + 1 < failure.Length && failure[end] == '.' && IsIdentifierStart(failure[end + 1]))
        {
            end += 2;
            while (end < failure.Length && (char.IsAsciiLetterOrDigit(failure[end]) || failure[end] == '_'))
            {
                end++;
            }
        }

        if (end == at + section.Length)
        {
            return failure;
        }

        var dotted = failure[at..end];
        var members = dotted[(section.Length + 1)..];
        var member = members[(members.LastIndexOf('.') + 1)..];
        // The generator puts the member's name (or names) and ": " before the message.
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        var message = colon >= 0 && colon < at ? failure[(colon + 2)..] : failure;
        var index = message.IndexOf(dotted, StringComparison.Ordinal);
        message = message[..index] + member + message[(index + dotted.Length)..];
        return $"{section}:{members.Replace('.', ':')}: {message}";
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';
}
