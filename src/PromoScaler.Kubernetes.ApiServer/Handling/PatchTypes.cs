using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Patching;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// The patch types, chosen by <c>Content-Type</c> as the API server does. A strategic merge patch is applied as a
/// merge patch: the two differ only on lists with merge keys, which none of the fields PromoScaler writes is.
/// Server-side apply is not served.
/// </summary>
internal static class PatchTypes
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string StrategicMerge = "application/strategic-merge-patch+json";

    public static JsonObject Apply(ResourceType type, string? contentType, JsonObject current, JsonNode? patch)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        JsonNode? result = mediaType switch
        {
            Json => ApplyJsonPatch(current, patch),
            Merge => JsonMergePatch.Apply(current, patch),
            StrategicMerge when type.AcceptsStrategicMergePatch => JsonMergePatch.Apply(current, patch),
            _ => throw new ApiStatusException(415, ApiStatus.UnsupportedMediaType(
                mediaType ?? "none",
                type.AcceptsStrategicMergePatch ? [Json, Merge, StrategicMerge] : [Json, Merge])),
        };
        return result as JsonObject
            ?? throw new ApiStatusException(400, ApiStatus.BadRequest("the patch did not result in an object"));
    }

    private static JsonNode? ApplyJsonPatch(JsonObject current, JsonNode? patch)
    {
        try
        {
            return JsonPatch.Apply(current, patch);
        }
        catch (JsonPatchException ex) when (ex.IsMalformed)
        {
            throw new ApiStatusException(400, ApiStatus.BadRequest(ex.Message));
        }
        catch (JsonPatchException ex)
        {
            throw new ApiStatusException(422, ApiStatus.UnprocessablePatch(ex.Message));
        }
    }
}
