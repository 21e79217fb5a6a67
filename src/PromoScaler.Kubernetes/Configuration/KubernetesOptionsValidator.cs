using System.ComponentModel.DataAnnotations;
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
        Annotations(options, section, errors);
        Annotations(options.Retry, section + ":Retry", errors);
        Annotations(options.CircuitBreaker, section + ":CircuitBreaker", errors);
        if (options.TotalTimeout < options.Timeout)
        {
            errors.Add($"{section}:TotalTimeout: {options.TotalTimeout} is shorter than the per-attempt Timeout {options.Timeout}.");
        }

        var check = options.Kubeconfig is not null || neededAtStart.Any();
        if (check && KubeconfigResolver.Resolve(options, environment).Error is { } connection)
        {
            errors.Add(connection);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void Annotations(object instance, string path, List<string> errors)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{path}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}

/// <summary>Validates the ConfigMap state store's options at start.</summary>
internal sealed class ConfigMapStateStoreOptionsValidator : IValidateOptions<ConfigMapStateStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ConfigMapStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        KubernetesOptionsValidator.Annotations(options, "StateStore", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
