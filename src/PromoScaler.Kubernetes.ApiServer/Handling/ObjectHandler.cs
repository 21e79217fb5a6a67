using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Storage;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// The verbs on objects and collections: get, list, create (201), update (PUT), patch, delete. An update or patch
/// that names a <c>metadata.resourceVersion</c> other than the stored one is refused with 409 Conflict; one that names
/// none is unconditional, as the API server allows for these kinds. Writes to a kind with a status subresource keep
/// the stored status, as the real server does.
/// </summary>
internal sealed class ObjectHandler(ObjectStore store, Func<string> generatedSuffix)
{
    public ApiResponse Handle(ApiRequest request)
    {
        var path = request.Path;
        if (path.Name is null)
        {
            return request.Method switch
            {
                "GET" => List(request),
                "POST" when path.Namespace is not null || !request.Type.Namespaced => Create(request, path.Namespace ?? string.Empty),
                _ => throw MethodNotAllowed(request),
            };
        }

        var ns = path.Namespace ?? string.Empty;
        return request.Method switch
        {
            "GET" => new ApiResponse(200, store.Get(request.Type, ns, path.Name) ?? throw NotFound(path)),
            "PUT" => new ApiResponse(200, Update(request, ns, path.Name)),
            "PATCH" => new ApiResponse(200, Patch(request, ns, path.Name)),
            "DELETE" => new ApiResponse(200, request.DryRun
                ? store.Get(request.Type, ns, path.Name) ?? throw NotFound(path)
                : store.Delete(request.Type, ns, path.Name) ?? throw NotFound(path)),
            _ => throw MethodNotAllowed(request),
        };
    }

    internal static ApiStatusException NotFound(ApiPath path) => new(404, ApiStatus.NotFound(path));

    internal static ApiStatusException MethodNotAllowed(ApiRequest request) => new(405, ApiStatus.MethodNotAllowed(request.Method));

    /// <summary>Refuses a write whose resourceVersion is set and stale.</summary>
    internal static void CheckResourceVersion(ApiPath path, JsonObject current, JsonNode? requested)
    {
        var wanted = requested is JsonValue v ? v.ToString() : null;
        if (!string.IsNullOrEmpty(wanted) && wanted != (string?)current["metadata"]!["resourceVersion"])
        {
            throw new ApiStatusException(409, ApiStatus.Conflict(path));
        }
    }

    private ApiResponse List(ApiRequest request)
    {
        request.Query.TryGetValue("fieldSelector", out var fieldSelector);
        request.Query.TryGetValue("labelSelector", out var labelSelector);
        var matches = Selectors.Parse(fieldSelector, labelSelector);
        var items = new JsonArray();
        foreach (var item in store.List(request.Type, request.Path.Namespace).Where(matches))
        {
            items.Add(item);
        }

        return new ApiResponse(200, new JsonObject
        {
            ["apiVersion"] = request.Type.ApiVersion,
            ["kind"] = request.Type.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.Revision },
            ["items"] = items,
        });
    }

    private ApiResponse Create(ApiRequest request, string ns)
    {
        var body = request.BodyObject();
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = metadata;
        var name = (string?)metadata["name"];
        if (string.IsNullOrEmpty(name))
        {
            var prefix = (string?)metadata["generateName"];
            name = string.IsNullOrEmpty(prefix)
                ? throw new ApiStatusException(422, ApiStatus.Invalid(request.Type.KindName, string.Empty, [new FieldError("metadata.name", "Required value: name or generateName is required", "FieldValueRequired")]))
                : prefix + generatedSuffix();
        }

        if ((string?)metadata["namespace"] is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
        {
            throw new ApiStatusException(400, ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
        }

        metadata.Remove("resourceVersion");
        FieldValidation.Apply(request, body);
        var created = store.Write(
            request.Type,
            ns,
            name,
            current => current is null ? body : throw new ApiStatusException(409, ApiStatus.AlreadyExists(request.Path, name)),
            request.DryRun);
        return new ApiResponse(201, created);
    }

    private JsonObject Update(ApiRequest request, string ns, string name)
    {
        var body = request.BodyObject();
        CheckName(body, name);
        return store.Write(request.Type, ns, name, current =>
        {
            if (current is null)
            {
                throw NotFound(request.Path);
            }

            CheckResourceVersion(request.Path, current, body["metadata"]?["resourceVersion"]);
            FieldValidation.Apply(request, body);
            return KeepStatus(request, current, body);
        }, request.DryRun);
    }

    private JsonObject Patch(ApiRequest request, string ns, string name)
    {
        var patch = request.ParsedBody();
        return store.Write(request.Type, ns, name, current =>
        {
            if (current is null)
            {
                throw NotFound(request.Path);
            }

            var patched = PatchTypes.Apply(request.Type, request.ContentType, current, patch);
            CheckName(patched, name);
            CheckResourceVersion(request.Path, current, patched["metadata"]?["resourceVersion"]);
            FieldValidation.Apply(request, patched);
            return KeepStatus(request, current, patched);
        }, request.DryRun);
    }

    private static JsonObject KeepStatus(ApiRequest request, JsonObject current, JsonObject next)
    {
        if (request.Type.HasStatusSubresource)
        {
            next.Remove("status");
            if (current["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }

        return next;
    }

    private static void CheckName(JsonObject body, string name)
    {
        if ((string?)body["metadata"]?["name"] is { } bodyName && bodyName != name)
        {
            throw new ApiStatusException(400, ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})"));
        }
    }
}
