using System.Text.Json;
using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>One request to a resource, its body read.</summary>
internal sealed record ApiRequest(string Method, ApiPath Path, ResourceType Type, string? ContentType, string Body, IReadOnlyDictionary<string, string> Query)
{
    /// <summary><c>dryRun=All</c>: validate and answer, store nothing.</summary>
    public bool DryRun => Query.TryGetValue("dryRun", out var value) && value == "All";

    public JsonNode? ParsedBody()
    {
        try
        {
            return Body.Length == 0 ? null : JsonNode.Parse(Body);
        }
        catch (JsonException ex)
        {
            throw new ApiStatusException(400, ApiStatus.BadRequest($"the request body is not valid JSON: {ex.Message}"));
        }
    }

    public JsonObject BodyObject() => ParsedBody() as JsonObject
        ?? throw new ApiStatusException(400, ApiStatus.BadRequest("the request body must be a JSON object"));
}

/// <summary>What to answer.</summary>
internal sealed record ApiResponse(int Code, JsonNode Body);
