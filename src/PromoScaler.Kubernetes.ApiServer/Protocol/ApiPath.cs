namespace PromoScaler.Kubernetes.ApiServer.Protocol;

/// <summary>
/// A request path in the Kubernetes REST layout: <c>/api/v1/...</c> for the core group, <c>/apis/GROUP/VERSION/...</c>
/// for the others, then <c>namespaces/NS/PLURAL[/NAME[/SUBRESOURCE]]</c>, a cluster-wide <c>PLURAL</c> list, or a
/// cluster-scoped object <c>PLURAL/NAME[/SUBRESOURCE]</c>.
/// </summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The API version (<c>v1</c>, <c>v2</c>, <c>v1alpha1</c>).</param>
/// <param name="Namespace">The namespace; null for a request across namespaces.</param>
/// <param name="Plural">The resource, lower-case plural (<c>deployments</c>).</param>
/// <param name="Name">The object's name; null for a collection.</param>
/// <param name="Subresource">The subresource (<c>scale</c>, <c>status</c>); null for the object itself.</param>
public sealed record ApiPath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    /// <summary>Parses <paramref name="path"/>; null when it is not a resource path.</summary>
    public static ApiPath? Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..].Select(Uri.UnescapeDataString).ToArray();
        return tail switch
        {
            [var plural] => new ApiPath(group, version, null, plural, null, null),
            ["namespaces", var ns, var plural] => new ApiPath(group, version, ns, plural, null, null),
            ["namespaces", var ns, var plural, var name] => new ApiPath(group, version, ns, plural, name, null),
            ["namespaces", var ns, var plural, var name, var sub] => new ApiPath(group, version, ns, plural, name, sub),
            [var plural, var name] => new ApiPath(group, version, null, plural, name, null),
            [var plural, var name, var sub] => new ApiPath(group, version, null, plural, name, sub),
            _ => null,
        };
    }

    /// <summary>The resource qualified by its group, as the API server names it in messages (<c>deployments.apps</c>).</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The resource with its subresource, as RBAC names it (<c>deployments/scale</c>).</summary>
    public string RbacResource => Subresource is null ? Plural : $"{Plural}/{Subresource}";

    /// <summary>The RBAC verb of <paramref name="method"/> on this path (<c>get</c>, <c>list</c>, <c>patch</c>, ...).</summary>
    public string Verb(string method) => method.ToUpperInvariant() switch
    {
        "GET" => Name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => Name is null ? "deletecollection" : "delete",
        var other => other.ToLowerInvariant(),
    };
}
