using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Presentation;

/// <summary>
/// The OpenAPI v3 documents kubectl reads before a write: <c>/openapi/v3</c> lists one document per group-version, and
/// each names the PATCH of every resource with its kind (<c>x-kubernetes-group-version-kind</c>) and the
/// <c>fieldValidation</c> query parameter, which tells kubectl the server validates fields itself (kubectl then sends
/// <c>fieldValidation=Strict</c> instead of validating on its side). Only what kubectl looks for is served.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject? Document(string path, IReadOnlyList<ResourceType> types)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["openapi", "v3"] => Index(types),
            ["openapi", "v3", "api", var version] => GroupVersion(string.Empty, version, types),
            ["openapi", "v3", "apis", var group, var version] => GroupVersion(group, version, types),
            _ => null,
        };
    }

    private static JsonObject Index(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}";
            // The hash changes with the resources served, so kubectl's cache never serves a stale document.
            var hash = string.Join(",", types.Where(t => t.Group == gv.Group && t.Version == gv.Version).Select(t => t.Plural)).GetHashCode(StringComparison.Ordinal);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash:x8}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static JsonObject? GroupVersion(string group, string version, IReadOnlyList<ResourceType> types)
    {
        var served = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in served)
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var scope = type.Namespaced ? "/namespaces/{namespace}" : string.Empty;
            paths[$"{prefix}{scope}/{type.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                        new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.33.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }
}
