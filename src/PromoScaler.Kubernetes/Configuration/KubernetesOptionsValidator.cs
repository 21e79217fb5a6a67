using Microsoft.Extensions.Options;
using PromoScaler.Kubernetes.Connection;

namespace PromoScaler.Kubernetes.Configuration;

/// <summary>
/// Validates the options at start: the data annotations of the options and of their <c>Retry</c> and
/// <c>CircuitBreaker</c> sections (<see cref="KubernetesOptionsAnnotations"/>, generated), the rule spanning fields,
/// and that a connection can be built from the kubeconfig lookup (when a part registered needs it at start, or a
/// kubeconfig was named explicitly: a named file that does not work is always a configuration error). Collects every
/// error, not the first only.
/// </summary>
internal sealed class KubernetesOptionsValidator(KubernetesEnvironment environment, IEnumerable<ConnectionNeededAtStart> neededAtStart) : IValidateOptions<KubernetesOptions>
{
    private static readonly ConfigurationKeyValidator<KubernetesOptions> Annotations = new(KubernetesConstants.ConfigurationSection, new KubernetesOptionsAnnotations());

    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = KubernetesConstants.ConfigurationSection;
        var errors = new List<string>(Annotations.Validate(name, options).Failures ?? []);
        if (ResilienceValidation.TotalTimeoutProblem(section, options.Timeout, options.TotalTimeout) is { } budget)
        {
            errors.Add(budget);
        }

        var check = options.Kubeconfig is not null || neededAtStart.Any();
        if (check && KubeconfigResolver.Resolve(options, environment).Error is { } connection)
        {
            errors.Add(connection);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The data annotations of <see cref="KubernetesOptions"/> and its nested sections, generated.</summary>
[OptionsValidator]
internal sealed partial class KubernetesOptionsAnnotations : IValidateOptions<KubernetesOptions>;

/// <summary>The data annotations of <see cref="ConfigMapStateStoreOptions"/>, generated.</summary>
[OptionsValidator]
internal sealed partial class ConfigMapStateStoreOptionsAnnotations : IValidateOptions<ConfigMapStateStoreOptions>;
