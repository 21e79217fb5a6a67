namespace PromoScaler.Kubernetes.Rbac;

/// <summary>Where a permission is needed.</summary>
public enum PermissionScope
{
    /// <summary>In every namespace whose workloads policies target (a Role each, or a ClusterRole).</summary>
    Targets,

    /// <summary>In the daemon's own namespace, on its own object (by name, except <c>create</c>).</summary>
    Own,

    /// <summary>With <c>--policy-source kubernetes|both</c>: in every watched namespace (a Role each), or a ClusterRole.</summary>
    Policies,
}

/// <summary>One RBAC grant (group, resource, verb) and the call that needs it.</summary>
/// <param name="ApiGroup">The API group; empty for the core group.</param>
/// <param name="Resource">The resource, with its subresource (<c>deployments/scale</c>).</param>
/// <param name="Verb">The RBAC verb.</param>
/// <param name="Scope">Where.</param>
/// <param name="Call">The call the code makes with it.</param>
public sealed record ApiGrant(string ApiGroup, string Resource, string Verb, PermissionScope Scope, string Call);

/// <summary>
/// Every Kubernetes API call PromoScaler makes, as RBAC sees it. The chart grants exactly these (its tests compare the
/// rendered Roles with this list) and the adapter tests check that the calls made against the in-process API server
/// stay inside it, so a new call cannot ship without its grant, nor a grant without its call.
/// </summary>
public static class KubernetesPermissions
{
    /// <summary>The verbs on the <c>/scale</c> subresource of a custom resource that <c>kind: Scale</c> policies target.</summary>
    public static IReadOnlyList<string> CustomScaleVerbs { get; } = ["get", "patch"];

    /// <summary>The permissions, target rules first.</summary>
    public static IReadOnlyList<ApiGrant> All { get; } =
    [
        new("apps", "deployments", "get", PermissionScope.Targets, "read spec, status and ready replicas of a Deployment target"),
        new("apps", "statefulsets", "get", PermissionScope.Targets, "read spec, status and ready replicas of a StatefulSet target"),
        new("apps", "deployments", "list", PermissionScope.Targets, "target watch cache (Kubernetes:TargetCache): list the namespace's Deployments once"),
        new("apps", "deployments", "watch", PermissionScope.Targets, "target watch cache: watch them from the list's resourceVersion instead of a GET per tick"),
        new("apps", "statefulsets", "list", PermissionScope.Targets, "target watch cache (Kubernetes:TargetCache): list the namespace's StatefulSets once"),
        new("apps", "statefulsets", "watch", PermissionScope.Targets, "target watch cache: watch them from the list's resourceVersion instead of a GET per tick"),
        new("apps", "deployments/scale", "patch", PermissionScope.Targets, "write replicas (merge patch conditional on the version read)"),
        new("apps", "statefulsets/scale", "patch", PermissionScope.Targets, "write replicas (merge patch conditional on the version read)"),
        new("autoscaling", "horizontalpodautoscalers", "get", PermissionScope.Targets, "read an HPA floor target's minReplicas, maxReplicas and status"),
        new("autoscaling", "horizontalpodautoscalers", "patch", PermissionScope.Targets, "write an HPA floor target's spec.minReplicas"),
        new("", "events", "create", PermissionScope.Targets, "record an Event on the target for every scale"),
        new("coordination.k8s.io", "leases", "get", PermissionScope.Own, "leader election: read the Lease"),
        new("coordination.k8s.io", "leases", "create", PermissionScope.Own, "leader election: create the Lease the first time"),
        new("coordination.k8s.io", "leases", "update", PermissionScope.Own, "leader election: acquire and renew the Lease"),
        new("", "configmaps", "get", PermissionScope.Own, "state store: read the state ConfigMap"),
        new("", "configmaps", "create", PermissionScope.Own, "state store: create the state ConfigMap the first time"),
        new("", "configmaps", "update", PermissionScope.Own, "state store: replace the state ConfigMap on the version read"),
        new("", "events", "create", PermissionScope.Own, "state store: a StateLost Event on the state ConfigMap when its document could not be read (the copy is a created ConfigMap)"),
        new("promoscaler.io", "scalingpolicies", "list", PermissionScope.Policies, "policy source: list the ScalingPolicy objects"),
        new("promoscaler.io", "scalingpolicies", "watch", PermissionScope.Policies, "policy source: watch them from the list's resourceVersion"),
        new("promoscaler.io", "scalingpolicies/status", "patch", PermissionScope.Policies, "write a policy's status back (merge patch on the status subresource)"),
        new("", "events", "create", PermissionScope.Policies, "an Event on the ScalingPolicy (an invalid edit, a scale)"),
    ];
}
