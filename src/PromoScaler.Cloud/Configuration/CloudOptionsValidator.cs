using Microsoft.Extensions.Options;

namespace PromoScaler.Cloud.Configuration;

/// <summary>
/// Validates the options at start: the data annotations of the options and of their <c>Retry</c> and
/// <c>CircuitBreaker</c> sections (<see cref="CloudOptionsAnnotations"/>, generated), then the rule across fields
/// (one attempt must fit in a call's budget), as the Prometheus and Kubernetes validators do. Collects every error.
/// </summary>
internal sealed class CloudOptionsValidator : IValidateOptions<CloudOptions>
{
    private static readonly ConfigurationKeyValidator<CloudOptions> Annotations = new(CloudConstants.ConfigurationSection, new CloudOptionsAnnotations());

    public ValidateOptionsResult Validate(string? name, CloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(Annotations.Validate(name, options).Failures ?? []);
        if (ResilienceValidation.TotalTimeoutProblem(CloudConstants.ConfigurationSection, options.Timeout, options.TotalTimeout) is { } budget)
        {
            errors.Add(budget);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The data annotations of <see cref="CloudOptions"/> and its nested sections, generated.</summary>
[OptionsValidator]
internal sealed partial class CloudOptionsAnnotations : IValidateOptions<CloudOptions>;
