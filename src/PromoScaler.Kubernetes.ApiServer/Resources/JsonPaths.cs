using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>Dotted paths into an object (<c>.spec.replicas</c>), as CustomResourceDefinitions write them.</summary>
internal static class JsonPaths
{
    public static JsonNode? Get(JsonObject o, string path)
    {
        JsonNode? node = o;
        foreach (var segment in Segments(path))
        {
            node = (node as JsonObject)?[segment];
        }

        return node;
    }

    public static void Set(JsonObject o, string path, JsonNode? value)
    {
        var segments = Segments(path);
        var parent = o;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not JsonObject child)
            {
                child = new JsonObject();
                parent[segment] = child;
            }

            parent = child;
        }

        parent[segments[^1]] = value;
    }

    /// <summary>The node as an integer, or null when it is not one (a string, a fraction, absent).</summary>
    public static int? AsInt(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), out var i) ? i : null;

    private static string[] Segments(string path) => path.TrimStart('.').Split('.');
}
