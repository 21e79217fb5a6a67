using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Storage;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// The <c>status</c> subresource (<c>.../NAME/status</c>): get, update and patch change the object's <c>status</c> and
/// nothing else, as the real server does, so neither <c>spec</c> nor <c>metadata.generation</c> moves. A write naming
/// a stale <c>metadata.resourceVersion</c> is refused with 409.
/// </summary>
internal sealed class StatusHandler(ObjectStore store)
{
    public ApiResponse Handle(ApiRequest request)
    {
        var path = request.Path;
        var ns = path.Namespace ?? string.Empty;
        return request.Method switch
        {
            "GET" => new ApiResponse(200, store.Get(request.Type, ns, path.Name!) ?? throw ObjectHandler.NotFound(path)),
            "PUT" => new ApiResponse(200, Write(request, ns, _ => request.BodyObject())),
            "PATCH" => new ApiResponse(200, Write(request, ns, current => PatchTypes.Apply(request.Type, request.ContentType, current, request.ParsedBody()))),
            _ => throw ObjectHandler.MethodNotAllowed(request),
        };
    }

    private JsonObject Write(ApiRequest request, string ns, Func<JsonObject, JsonObject> proposed)
    {
        return store.Write(request.Type, ns, request.Path.Name!, current =>
        {
            if (current is null)
            {
                throw ObjectHandler.NotFound(request.Path);
            }

            var next = proposed((JsonObject)current.DeepClone());
            ObjectHandler.CheckResourceVersion(request.Path, current, next["metadata"]?["resourceVersion"]);
            var wrapper = new JsonObject { ["status"] = next["status"]?.DeepClone() };
            FieldValidation.Apply(request, wrapper);
            var status = wrapper["status"];
            wrapper.Remove("status");
            current.Remove("status");
            if (status is not null)
            {
                current["status"] = status;
            }

            return current;
        }, request.DryRun);
    }
}
