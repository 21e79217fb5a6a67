using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Presentation;

/// <summary>
/// The discovery documents kubectl reads before anything else, in their legacy (unaggregated) form: <c>/api</c>,
/// <c>/apis</c>, <c>/apis/GROUP</c>, <c>/api/v1</c> and <c>/apis/GROUP/VERSION</c> (each resource with its
/// namespacing, verbs, short names, categories and subresources), and <c>/version</c>. Answered as plain
/// <c>application/json</c>, which tells kubectl the aggregated form is not served.
/// </summary>
internal static class Discovery
{
    private static readonly string[] ObjectVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>The document at <paramref name="path"/>, or null when it is not a discovery path.</summary>
    public static JsonObject? Document(string path, IReadOnlyList<ResourceType> types, Uri address)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => new JsonObject
            {
                ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0-promoscaler", ["platform"] = "linux/amd64",
            },
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = address.Authority }),
            },
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray([.. types.Where(t => t.Group.Length > 0).GroupBy(t => t.Group).Select(g => Group(g.Key, g))]),
            },
            ["apis", var group] when types.Any(t => t.Group == group) => Group(group, types.Where(t => t.Group == group)),
            ["api", "v1"] => Resources(string.Empty, "v1", types),
            ["apis", var group, var version] when types.Any(t => t.Group == group && t.Version == version) => Resources(group, version, types),
            _ => null,
        };
    }

    private static JsonObject Group(string name, IEnumerable<ResourceType> types)
    {
        var versions = types.Select(t => t.Version).Distinct().Select(v => new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v }).ToList();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray([.. versions]),
            ["preferredVersion"] = versions[0].DeepClone(),
        };
    }

    private static JsonObject Resources(string group, string version, IReadOnlyList<ResourceType> types)
    {
        var resources = new JsonArray();
        foreach (var type in types.Where(t => t.Group == group && t.Version == version))
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray([.. ObjectVerbs.Select(v => (JsonNode)v)]),
                ["shortNames"] = new JsonArray([.. type.ShortNames.Select(v => (JsonNode)v)]),
                ["categories"] = new JsonArray([.. type.Categories.Select(v => (JsonNode)v)]),
            });
            if (type.HasStatusSubresource)
            {
                resources.Add(Subresource(type, "status", type.Kind));
            }

            if (type.Scale is not null)
            {
                resources.Add(Subresource(type, "scale", "Scale"));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceType type, string name, string kind) => new()
    {
        ["name"] = $"{type.Plural}/{name}",
        ["singularName"] = string.Empty,
        ["namespaced"] = type.Namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray("get", "patch", "update"),
    };
}
