namespace PromoScaler.Kubernetes.Resilience;

/// <summary>One API call as RBAC sees it: the verb, the resource (with its subresource) and where.</summary>
/// <param name="Verb">The RBAC verb (<c>get</c>, <c>patch</c>, <c>create</c>, <c>update</c>).</param>
/// <param name="Resource">The resource, with subresource (<c>deployments/scale</c>).</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The object's name.</param>
internal sealed record ApiOperation(string Verb, string Resource, string Group, string Namespace, string Name)
{
    /// <summary>What a Role must grant: <c>patch deployments/scale in namespace shop (API group apps)</c>.</summary>
    public string Permission => Group.Length == 0
        ? $"{Verb} {Resource} in namespace {Namespace} (core API group)"
        : $"{Verb} {Resource} in namespace {Namespace} (API group {Group})";

    /// <summary>The object, for messages: <c>deployments shop/web</c>.</summary>
    public string Object => $"{Resource.Split('/')[0]} {Namespace}/{Name}";

    public override string ToString() => $"{Verb} {Resource} {Namespace}/{Name}";
}
