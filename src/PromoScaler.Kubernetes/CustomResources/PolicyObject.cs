using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.CustomResources;

/// <summary>One ScalingPolicy object as last listed or watched.</summary>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name (the policy's name).</param>
/// <param name="Uid">Its uid, for Events.</param>
/// <param name="Generation">Its <c>metadata.generation</c> (spec changes).</param>
/// <param name="ResourceVersion">Its <c>metadata.resourceVersion</c>.</param>
/// <param name="Body">The whole object.</param>
public sealed record PolicyObject(string Namespace, string Name, string Uid, long Generation, string ResourceVersion, JsonObject Body)
{
    /// <summary><c>NAMESPACE/NAME</c>.</summary>
    public string Key => $"{Namespace}/{Name}";

    /// <summary>Reads the identity of <paramref name="o"/>; null when it has no name.</summary>
    public static PolicyObject? From(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var metadata = o["metadata"] as JsonObject;
        if ((string?)metadata?["name"] is not { Length: > 0 } name)
        {
            return null;
        }

        return new PolicyObject(
            (string?)metadata["namespace"] ?? "default",
            name,
            (string?)metadata["uid"] ?? string.Empty,
            metadata["generation"] is JsonValue g && g.TryGetValue<long>(out var generation) ? generation : 0,
            (string?)metadata["resourceVersion"] ?? string.Empty,
            o);
    }
}
