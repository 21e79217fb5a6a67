using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Kubernetes.Configuration;

/// <summary>Where the ConfigMap state store keeps its document.</summary>
public sealed class ConfigMapStateStoreOptions
{
    /// <summary>The namespace of the ConfigMap (PromoScaler's own). Default: the connection's namespace (the pod's in a cluster).</summary>
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string? Namespace { get; set; }

    /// <summary>The ConfigMap's name. Default <c>promoscaler-state</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public string Name { get; set; } = KubernetesConstants.DefaultStateConfigMapName;

    /// <summary>The data key holding the document. Default <c>state.json</c>.</summary>
    [Required]
    [RegularExpression("^[-._a-zA-Z0-9]+$")]
    public string DataKey { get; set; } = KubernetesConstants.DefaultStateDataKey;
}
