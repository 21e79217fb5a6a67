using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>Which state store holds the daemon's memory.</summary>
public enum StateStoreKind
{
    /// <summary>A local file, replaced atomically (one machine). Default.</summary>
    File,

    /// <summary>A Kubernetes ConfigMap, written with resourceVersion concurrency (clusters, several replicas).</summary>
    ConfigMap,
}

/// <summary>The state store (<c>State</c> section; <c>--state-file FILE</c> selects the file store).</summary>
public sealed class StateStoreOptions
{
    /// <summary><c>file</c> or <c>configmap</c> (any case). Default file.</summary>
    public StateStoreKind Kind { get; set; } = StateStoreKind.File;

    /// <summary>The file store's path. Default <c>promoscaler-state.json</c> in the working directory.</summary>
    [Required]
    public string File { get; set; } = DaemonConstants.DefaultStateFile;

    /// <summary>The ConfigMap store's object.</summary>
    public ConfigMapStateOptions ConfigMap { get; set; } = new();
}

/// <summary>Where the ConfigMap store keeps the document (<c>State:ConfigMap</c>).</summary>
public sealed class ConfigMapStateOptions
{
    /// <summary>The namespace. Default: <c>POD_NAMESPACE</c>, else <c>default</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>The ConfigMap's name. Default <c>promoscaler</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", ErrorMessage = "must be a Kubernetes object name (lower case, digits, '-', '.')")]
    public string Name { get; set; } = DaemonConstants.DefaultObjectName;
}
