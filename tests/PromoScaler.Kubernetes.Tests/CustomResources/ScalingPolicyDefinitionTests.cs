using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Kubernetes.Tests.CustomResources;

public sealed class ScalingPolicyDefinitionTests
{
    private static readonly string[] Types = ["object", "array", "string", "integer", "number", "boolean"];

    [Fact]
    public void ChartCrd_IsExactlyWhatPromoscalerCrdPrints()
    {
        var shipped = File.ReadAllText(Path.Combine(KubectlTests.RepositoryRoot(), "charts", "promoscaler", "crds", "scalingpolicies.promoscaler.io.yaml"));

        Assert.True(shipped == ScalingPolicyDefinition.ToYaml(), "charts/promoscaler/crds/scalingpolicies.promoscaler.io.yaml is stale: regenerate it with `promoscaler crd > charts/promoscaler/crds/scalingpolicies.promoscaler.io.yaml`");
    }

    [Fact]
    public void SpecSchema_HasEveryFieldOfThePolicySchemaWithTheSameType()
    {
        var policy = ScalingPolicyDefinition.PolicySchema();
        var definitions = (JsonObject)policy["$defs"]!;
        var crdSpec = (JsonObject)Root()["properties"]!["spec"]!;

        var mismatches = new List<string>();
        Compare((JsonObject)policy["properties"]!["spec"]!, crdSpec, "spec", definitions, mismatches);

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Schema_IsStructural_EveryFieldTypedOrPreservingUnknownFields()
    {
        var problems = new List<string>();

        Structural(Root(), "openAPIV3Schema", problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void Definition_ServesStatusShortNameAndThePrinterColumns()
    {
        var version = (JsonObject)ScalingPolicyDefinition.Build()["spec"]!["versions"]![0]!;
        var names = ScalingPolicyDefinition.Build()["spec"]!["names"]!;

        Assert.NotNull(version["subresources"]!["status"]);
        Assert.Equal("sp", (string?)names["shortNames"]![0]);
        Assert.Equal(["Target", "Current", "Desired", "Reason", "Window", "Mode", "Age"], version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]));
    }

    private static JsonObject Root() =>
        (JsonObject)ScalingPolicyDefinition.Build()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    /// <summary>
    /// The structural-schema rules of apiextensions.k8s.io/v1: every field has a type unless it preserves unknown
    /// fields; no additionalProperties: false, no $ref, and nothing a CRD cannot say (oneOf/anyOf/allOf/not only
    /// without types, which the generator never writes).
    /// </summary>
    private static void Structural(JsonObject schema, string path, List<string> problems)
    {
        var preserves = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        if (schema["type"] is null && !preserves)
        {
            problems.Add($"{path}: no type and no x-kubernetes-preserve-unknown-fields");
        }
        else if ((string?)schema["type"] is { } type && !Types.Contains(type))
        {
            problems.Add($"{path}: type {type} is not an OpenAPI type");
        }

        foreach (var banned in new[] { "$ref", "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "const", "default", "dependentRequired", "dependentSchemas", "propertyNames", "$defs" })
        {
            if (schema.ContainsKey(banned))
            {
                problems.Add($"{path}: {banned} is not allowed in a generated structural schema");
            }
        }

        if (schema["additionalProperties"] is JsonValue)
        {
            problems.Add($"{path}: additionalProperties must be a schema, not a boolean");
        }

        if (schema["exclusiveMinimum"] is JsonValue exclusive && exclusive.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            problems.Add($"{path}: exclusiveMinimum must be a boolean in OpenAPI v3.0");
        }

        foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
        {
            Structural((JsonObject)child!, $"{path}.properties.{name}", problems);
        }

        if (schema["items"] is JsonObject items)
        {
            Structural(items, $"{path}.items", problems);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            Structural(additional, $"{path}.additionalProperties", problems);
        }
    }

    private static void Compare(JsonObject source, JsonObject crd, string path, JsonObject definitions, List<string> mismatches)
    {
        if ((string?)source["$ref"] is { } reference)
        {
            source = (JsonObject)definitions[reference[(reference.LastIndexOf('/') + 1)..]]!;
        }

        if ((string?)source["type"] is { } type && (string?)crd["type"] != type)
        {
            mismatches.Add($"{path}: {type} in the policy schema, {(string?)crd["type"] ?? "untyped"} in the CRD");
        }

        foreach (var (name, child) in source["properties"] as JsonObject ?? [])
        {
            if (crd["properties"]?[name] is not JsonObject crdChild)
            {
                mismatches.Add($"{path}.{name}: missing from the CRD");
                continue;
            }

            Compare((JsonObject)child!, crdChild, $"{path}.{name}", definitions, mismatches);
        }

        if (source["items"] is JsonObject items)
        {
            if (crd["items"] is JsonObject crdItems)
            {
                Compare(items, crdItems, $"{path}[]", definitions, mismatches);
            }
            else
            {
                mismatches.Add($"{path}[]: items missing from the CRD");
            }
        }
    }
}
