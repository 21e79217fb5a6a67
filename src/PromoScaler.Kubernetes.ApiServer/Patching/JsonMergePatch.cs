using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.ApiServer.Patching;

/// <summary>
/// JSON Merge Patch (RFC 7386, <c>application/merge-patch+json</c>): an object patch merges member by member
/// recursively, a <c>null</c> member removes, and anything else (an array, a scalar) replaces the target whole.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Returns <paramref name="target"/> patched by <paramref name="patch"/>; neither argument is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}
