using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.ApiServer.Storage;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// The <c>/scale</c> subresource: an <c>autoscaling/v1 Scale</c> view of the object (spec.replicas, status.replicas,
/// status.selector) sharing the object's resourceVersion. A write (PUT, or a patch applied to the Scale view) sets
/// only the desired count at the resource's spec replicas path, after the same resourceVersion check as the object.
/// </summary>
internal sealed class ScaleHandler(ObjectStore store)
{
    private static readonly ResourceKindName ScaleKind = new("autoscaling", "Scale");

    public ApiResponse Handle(ApiRequest request)
    {
        var path = request.Path;
        var ns = path.Namespace!;
        var name = path.Name!;
        var scale = request.Type.Scale!;
        if (request.Method == "GET")
        {
            return new ApiResponse(200, View(scale, store.Get(request.Type, ns, name) ?? throw ObjectHandler.NotFound(path)));
        }

        if (request.Method is not ("PUT" or "PATCH"))
        {
            throw ObjectHandler.MethodNotAllowed(request);
        }

        var body = request.ParsedBody();
        var stored = store.Write(request.Type, ns, name, current =>
        {
            if (current is null)
            {
                throw ObjectHandler.NotFound(path);
            }

            var view = View(scale, current);
            var next = request.Method == "PUT"
                ? body as JsonObject ?? throw new ApiStatusException(400, ApiStatus.BadRequest("the request body must be a Scale object"))
                : PatchTypes.Apply(request.Type, request.ContentType, view, body);
            if ((string?)next["metadata"]?["name"] is { } bodyName && bodyName != name)
            {
                throw new ApiStatusException(400, ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})"));
            }

            ObjectHandler.CheckResourceVersion(path, current, next["metadata"]?["resourceVersion"]);
            if (BuiltInResources.ScaleReplicasNotNegative(next) is { Count: > 0 } errors)
            {
                throw new ApiStatusException(422, ApiStatus.Invalid(ScaleKind, name, errors));
            }

            JsonPaths.Set(current, scale.SpecReplicasPath, next["spec"]?["replicas"]?.DeepClone() ?? 0);
            return current;
        }, request.DryRun);
        return new ApiResponse(200, View(scale, stored));
    }

    /// <summary>The Scale an object shows.</summary>
    public static JsonObject View(ScaleSubresource scale, JsonObject o)
    {
        var metadata = o["metadata"]!;
        var selector = scale.LabelSelectorPath is { } selectorPath
            ? (string?)JsonPaths.Get(o, selectorPath)
            : o["spec"]?["selector"]?["matchLabels"] is JsonObject labels
                ? string.Join(',', labels.Select(l => $"{l.Key}={l.Value}"))
                : null;
        var status = new JsonObject { ["replicas"] = JsonPaths.AsInt(JsonPaths.Get(o, scale.StatusReplicasPath)) ?? 0 };
        if (selector is not null)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = JsonPaths.AsInt(JsonPaths.Get(o, scale.SpecReplicasPath)) ?? 0 },
            ["status"] = status,
        };
    }
}
