using System.ComponentModel.DataAnnotations;
using PromoScaler.Kubernetes.Configuration;

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

    /// <summary>
    /// Decisions per policy kept in the document, so a restart keeps the recent history (<c>promoscaler history</c>).
    /// Default 240 (an hour at 15s); 0..5000. Shortened when the document would not fit a ConfigMap.
    /// </summary>
    [Range(0, 5000)]
    public int HistoryKept { get; set; } = DaemonConstants.DefaultHistoryKept;

    /// <summary>
    /// The ConfigMap store's object (<c>State:ConfigMap</c>: <c>Namespace</c>, default the connection's; <c>Name</c>,
    /// default <c>promoscaler-state</c>; <c>DataKey</c>, default <c>state.json</c>). Bound and validated by the
    /// Kubernetes adapter; declared here so the section's keys are known.
    /// </summary>
#pragma warning disable SYSLIB1212 // Validated by the Kubernetes adapter when State:Kind is configmap, and only then.
    public ConfigMapStateStoreOptions ConfigMap { get; set; } = new();
#pragma warning restore SYSLIB1212
}
