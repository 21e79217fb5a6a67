using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>
/// <c>apiextensions.k8s.io/v1 customresourcedefinitions</c>: creating one (<c>kubectl apply -f crd.yaml</c>) makes the
/// server serve its resource, as the real API server does, with the scope, names, subresources and printer columns
/// it declares, and objects checked against its OpenAPI schema.
/// </summary>
public static class CustomResourceDefinitions
{
    /// <summary>The cluster-scoped resource holding the definitions.</summary>
    public static ResourceType Type { get; } = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition")
    {
        Namespaced = false,
        ShortNames = ["crd", "crds"],
        Validate = Check,
    };

    /// <summary>The resource <paramref name="definition"/> declares (its storage version), or an exception naming the field at fault.</summary>
    public static ResourceType ToResourceType(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Check(definition) is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(definition));
        }

        var spec = (JsonObject)definition["spec"]!;
        var names = (JsonObject)spec["names"]!;
        var version = ((JsonArray)spec["versions"]!).OfType<JsonObject>().First(v => (bool?)v["storage"] == true);
        var subresources = version["subresources"] as JsonObject;
        var scale = subresources?["scale"] as JsonObject;
        var schema = version["schema"]?["openAPIV3Schema"] as JsonObject;
        return new ResourceType((string)spec["group"]!, (string)version["name"]!, (string)names["plural"]!, (string)names["kind"]!)
        {
            Namespaced = (string?)spec["scope"] != "Cluster",
            ShortNames = Strings(names["shortNames"]),
            Categories = Strings(names["categories"]),
            HasStatusSubresource = subresources?["status"] is not null,
            Scale = scale is null ? null : new ScaleSubresource(
                (string?)scale["specReplicasPath"] ?? ".spec.replicas",
                (string?)scale["statusReplicasPath"] ?? ".status.replicas",
                (string?)scale["labelSelectorPath"]),
            PrinterColumns = [.. (version["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().Select(Column)],
            Schema = schema,
            Validate = schema is null ? _ => [] : o => OpenApiObjectValidator.Validate(schema, o),
        };
    }

    private static PrinterColumn Column(JsonObject c) => new(
        (string?)c["name"] ?? string.Empty,
        (string?)c["type"] ?? "string",
        (string?)c["jsonPath"] ?? string.Empty,
        (string?)c["description"] ?? string.Empty,
        (int?)c["priority"] ?? 0);

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.Select(x => (string?)x).OfType<string>()] : [];

    /// <summary>The fields the server needs to serve the resource, each error naming its field.</summary>
    private static List<FieldError> Check(JsonObject definition)
    {
        var errors = new List<FieldError>();
        var spec = definition["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        foreach (var (field, value) in new[] { ("spec.group", spec?["group"]), ("spec.names.plural", names?["plural"]), ("spec.names.kind", names?["kind"]) })
        {
            if (value is not JsonValue v || string.IsNullOrEmpty(v.ToString()))
            {
                errors.Add(new FieldError(field, "Required value", "FieldValueRequired"));
            }
        }

        var versions = (spec?["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (versions.Count(v => (bool?)v["storage"] == true) != 1)
        {
            errors.Add(new FieldError("spec.versions", "Invalid value: must have exactly one version marked as storage version"));
        }

        var name = (string?)definition["metadata"]?["name"];
        if (errors.Count == 0 && name != $"{(string?)names!["plural"]}.{(string?)spec!["group"]}")
        {
            errors.Add(new FieldError("metadata.name", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }

        return errors;
    }
}
