using Microsoft.Extensions.Options;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin.Configuration;

/// <summary>Checks at start that the token file exists and is valid, so a bad file stops the daemon with every error listed.</summary>
internal sealed class AdminApiOptionsValidator : IValidateOptions<AdminApiOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminApiOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TokenFile))
        {
            return ValidateOptionsResult.Fail($"{AdminApiOptions.SectionName}:{nameof(AdminApiOptions.TokenFile)} is required (the admin API never runs without tokens).");
        }

        try
        {
            TokenFile.Load(options.TokenFile);
            return ValidateOptionsResult.Success;
        }
        catch (TokenFileException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
