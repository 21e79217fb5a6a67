using Microsoft.Extensions.Options;
using PromoScaler.Admin.Security;
using PromoScaler.Resilience;

namespace PromoScaler.Admin.Configuration;

/// <summary>
/// Checks at start the options' data annotations (<see cref="AdminApiOptionsAnnotations"/>, generated, worded by
/// configuration key), the advertised URL (<see cref="AdvertiseUrlCheck"/>) and that the token file exists and is valid, so a bad file stops the daemon with every error
/// listed.
/// </summary>
internal sealed class AdminApiOptionsValidator : IValidateOptions<AdminApiOptions>
{
    private static readonly ConfigurationKeyValidator<AdminApiOptions> Annotations = new(AdminApiOptions.SectionName, new AdminApiOptionsAnnotations());

    public ValidateOptionsResult Validate(string? name, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TokenFile))
        {
            return ValidateOptionsResult.Fail($"{AdminApiOptions.SectionName}:{nameof(AdminApiOptions.TokenFile)} is required (the admin API never runs without tokens).");
        }

        var errors = new List<string>(Annotations.Validate(name, options).Failures ?? []);
        if (options.AdvertiseUrl is { Length: > 0 } advertised && AdvertiseUrlCheck.Problem(advertised) is { } advertiseProblem)
        {
            errors.Add(advertiseProblem);
        }

        try
        {
            TokenFile.Load(options.TokenFile);
        }
        catch (TokenFileException e)
        {
            // A file that cannot be read at all is the key's fault (its path); an error inside it carries its line.
            errors.Add(e.InnerException is not null || e.Message.Contains(": cannot read the token file", StringComparison.Ordinal)
                ? $"{AdminApiOptions.SectionName}:{nameof(AdminApiOptions.TokenFile)}: {e.Message}"
                : e.Message);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The data annotations of <see cref="AdminApiOptions"/>, generated.</summary>
[OptionsValidator]
internal sealed partial class AdminApiOptionsAnnotations : IValidateOptions<AdminApiOptions>;
