using Microsoft.Extensions.Options;

namespace PromoScaler.Cloud.Configuration;

/// <summary>
/// The rule across fields (ranges are the attributes, checked by <c>ValidateDataAnnotations</c>): one attempt must fit
/// in a call's budget. Not <see cref="ResilienceValidation"/>: the section <c>Cloud</c> is flat (<c>Cloud:MaxRetries</c>,
/// not <c>Cloud:Retry:MaxRetries</c>), its ranges differ (<c>RetryBaseDelay</c> may be 0) and its message names both keys;
/// users' keys and messages stay as they were, and the pipeline takes the same <see cref="PipelineSettings"/>.
/// </summary>
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
