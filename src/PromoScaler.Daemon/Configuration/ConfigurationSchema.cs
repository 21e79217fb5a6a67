using System.Collections;
using System.Reflection;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Prometheus.Configuration;

namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// Which options type each configuration section binds to, and what a key of a type may hold, read from the types
/// themselves so that a new option is known the day it is added.
/// </summary>
internal static class ConfigurationSchema
{
    /// <summary>The daemon's sections; a null type is free-form (Logging is read by Microsoft.Extensions.Logging).</summary>
    public static IReadOnlyDictionary<string, Type?> Sections { get; } = new Dictionary<string, Type?>(StringComparer.OrdinalIgnoreCase)
    {
        [DaemonConstants.PoliciesSection] = typeof(PolicyCatalogOptions),
        [DaemonConstants.EvaluationSection] = typeof(EvaluationOptions),
        [DaemonConstants.StateSection] = typeof(StateStoreOptions),
        [DaemonConstants.AdminSection] = typeof(AdminOptions),
        [DaemonConstants.LeaderElectionSection] = typeof(LeaderElectionOptions),
        [DaemonConstants.KubernetesSection] = typeof(KubernetesOptions),
        [DaemonConstants.CloudSection] = typeof(CloudOptions),
        [PrometheusConstants.ConfigurationSection] = typeof(PrometheusOptions),
        ["Logging"] = null,
    };

    /// <summary>
    /// Keys a release moved, each with where it went, so the error names the new key rather than saying "unknown":
    /// the cloud section took the <c>Retry</c> and <c>CircuitBreaker</c> sections of the Prometheus sources and Kubernetes.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Moved { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Cloud:MaxRetries"] = "Cloud:Retry:MaxRetries",
        ["Cloud:RetryBaseDelay"] = "Cloud:Retry:BaseDelay",
        ["Cloud:FailureRatio"] = "Cloud:CircuitBreaker:FailureRatio",
        ["Cloud:MinimumThroughput"] = "Cloud:CircuitBreaker:MinimumThroughput",
        ["Cloud:SamplingDuration"] = "Cloud:CircuitBreaker:SamplingDuration",
        ["Cloud:BreakDuration"] = "Cloud:CircuitBreaker:BreakDuration",
    };

    /// <summary>The shape of a configuration value of <paramref name="type"/>.</summary>
    public static Shape ShapeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri)
            || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid))
        {
            return new Shape(ShapeKind.Value, type);
        }

        if ((Interface(type, typeof(IDictionary<,>)) ?? Interface(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return new Shape(ShapeKind.Dictionary, dictionary.GetGenericArguments()[1]);
        }

        if (type.IsArray)
        {
            return new Shape(ShapeKind.List, type.GetElementType()!);
        }

        if (typeof(IEnumerable).IsAssignableFrom(type) && Interface(type, typeof(IEnumerable<>)) is { } list)
        {
            return new Shape(ShapeKind.List, list.GetGenericArguments()[0]);
        }

        return new Shape(ShapeKind.Object, type);
    }

    /// <summary>The keys an object type accepts: its public properties the binder can set or fill.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Keys(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true }
                && (p.SetMethod is { IsPublic: true } || ShapeOf(p.PropertyType).Kind != ShapeKind.Value))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static Type? Interface(Type type, Type generic) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    /// <summary>How a key of a type is written.</summary>
    public enum ShapeKind
    {
        /// <summary>One value (a string, number, boolean, enum, duration, URL).</summary>
        Value,

        /// <summary>A section whose keys are names chosen by the user (Prometheus sources, headers).</summary>
        Dictionary,

        /// <summary>A sequence: keys 0, 1, 2...</summary>
        List,

        /// <summary>A section of named options.</summary>
        Object,
    }

    /// <summary>A shape and the type of its value, items or entries.</summary>
    public readonly record struct Shape(ShapeKind Kind, Type Type);
}
