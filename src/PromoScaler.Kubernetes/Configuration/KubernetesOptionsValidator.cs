using Microsoft.Extensions.Options;
using PromoScaler.Kubernetes.Connection;

namespace PromoScaler.Kubernetes.Configuration;

/// <summary>
/// Validates the options at start: the data annotations of every nested object, the rules spanning fields, and that a
/// connection can be built from the kubeconfig lookup (when a part registered needs it at start, or a kubeconfig
/// was named explicitly: a named file that does not work is always a configuration error). Collects every error,
/// not the first only.
/// </summary>
internal sealed class KubernetesOptionsValidator(KubernetesEnvironment environment, IEnumerable<ConnectionNeededAtStart> neededAtStart) : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = KubernetesConstants.ConfigurationSection;
        var errors = new List<string>();
        ResilienceValidation.Annotations(options, section, errors);
        ResilienceValidation.Annotations(options.TargetCache, section + ":TargetCache", errors);
        ResilienceValidation.Validate(section, options.Timeout, options.TotalTimeout, options.Retry, options.CircuitBreaker, errors);

        var check = options.Kubeconfig is not null || neededAtStart.Any();
        if (check && KubeconfigResolver.Resolve(options, environment).Error is { } connection)
        {
            errors.Add(connection);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Validates the ConfigMap state store's options at start.</summary>
internal sealed class ConfigMapStateStoreOptionsValidator : IValidateOptions<ConfigMapStateStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ConfigMapStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ResilienceValidation.Annotations(options, "StateStore", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
