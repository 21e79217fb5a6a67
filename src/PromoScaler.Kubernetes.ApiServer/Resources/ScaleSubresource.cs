namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>
/// Where a resource keeps the counts its <c>/scale</c> subresource shows, as a CustomResourceDefinition declares
/// them (<c>subresources.scale</c>): dotted JSON paths into the object.
/// </summary>
/// <param name="SpecReplicasPath">The desired count (<c>.spec.replicas</c>).</param>
/// <param name="StatusReplicasPath">The observed count (<c>.status.replicas</c>).</param>
/// <param name="LabelSelectorPath">A string field holding the pods' label selector; null to derive it from <c>spec.selector.matchLabels</c>.</param>
public sealed record ScaleSubresource(
    string SpecReplicasPath = ".spec.replicas",
    string StatusReplicasPath = ".status.replicas",
    string? LabelSelectorPath = null);
