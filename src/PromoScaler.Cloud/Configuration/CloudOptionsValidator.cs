using Microsoft.Extensions.Options;

namespace PromoScaler.Cloud.Configuration;

/// <summary>The rule across fields (ranges are the attributes, checked by <c>ValidateDataAnnotations</c>): one attempt must fit in a call's budget.</summary>
internal sealed class CloudOptionsValidator : IValidateOptions<CloudOptions>
{
    public ValidateOptionsResult Validate(string? name, CloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TotalTimeout < options.Timeout
            ? ValidateOptionsResult.Fail(
                $"{CloudConstants.ConfigurationSection}:TotalTimeout ({options.TotalTimeout}) is shorter than {CloudConstants.ConfigurationSection}:Timeout ({options.Timeout}).")
            : ValidateOptionsResult.Success;
    }
}
