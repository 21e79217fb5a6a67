using System.Text.Json.Nodes;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Schema;

/// <summary>
/// The JSON Schema (for editors) and the loader (the truth) must accept the same fields: checked mapping by mapping
/// against the loader's field catalog, both ways, and on the examples and the structural bad fixtures.
/// </summary>
public sealed class PolicySchemaTests
{
    /// <summary>Bad fixtures whose fault is structural, so the schema alone must reject them too.</summary>
    private static readonly string[] StructuralGoldenCases =
        ["unknown-field", "wrong-type", "bad-duration", "bare-number-percentage", "missing-required-field"];

    public static TheoryData<string> CatalogPaths() => new(PolicyFieldCatalog.Mappings.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(TestPaths.Examples, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> StructuralFixtures() => new(
        StructuralGoldenCases.Select(c => Path.Combine(TestPaths.Bad, c + ".yaml"))
            .Concat(Directory.GetFiles(TestPaths.Structural, "*.yaml").Order(StringComparer.Ordinal))
            .Select(p => Path.GetRelativePath(AppContext.BaseDirectory, p)));

    [Theory]
    [MemberData(nameof(CatalogPaths))]
    public void Schema_LoaderMapping_HasExactlyTheLoaderFields(string catalogPath)
    {
        var schema = PolicySchema.MappingAt(catalogPath);

        var properties = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(PolicyFieldCatalog.Mappings[catalogPath].Order(StringComparer.Ordinal), properties);
    }

    [Fact]
    public void Schema_EveryObjectWithProperties_IsALoaderMappingAndClosed()
    {
        var found = new List<string>();
        Walk(PolicySchema.Document, "", found);

        Assert.Equal(PolicyFieldCatalog.Mappings.Keys.Order(StringComparer.Ordinal), found.Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_EveryDocument_ValidatesAgainstSchemaAndLoader(string file)
    {
        var path = Path.Combine(TestPaths.Examples, file);
        var text = File.ReadAllText(path);

        var documents = YamlJson.Documents(text);
        Assert.NotEmpty(documents);
        Assert.All(documents, d => AssertValid(PolicySchema.Evaluate(d)));
        // With the other examples: a pod policy's hostedBy names a VM group policy of another file.
        var others = Directory.GetFiles(TestPaths.Examples, "*.yaml").Where(f => Path.GetFileName(f) != file)
            .Select(f => new PolicySource(Path.GetFileName(f), File.ReadAllText(f)));
        var loaded = PolicyLoader.LoadText([new PolicySource(file, text), .. others], TestPaths.Now);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        Assert.Equal(documents.Count, loaded.Policies.Count(p => p.Origin.File == file));
    }

    [Fact]
    public void Example_EveryExample_CarriesTheSchemaModeline()
    {
        Assert.All(Directory.GetFiles(TestPaths.Examples, "*.yaml"), file =>
            Assert.StartsWith("# yaml-language-server: $schema=../schema/scalingpolicy.schema.json", File.ReadAllText(file)));
    }

    [Theory]
    [MemberData(nameof(StructuralFixtures))]
    public void StructuralFixture_Always_RejectedBySchemaAndLoader(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath));

        var results = YamlJson.Documents(text).Select(PolicySchema.Evaluate).ToList();
        var loaded = PolicyLoader.LoadText(Path.GetFileName(relativePath), text, TestPaths.Now);

        Assert.Contains(results, r => !r.IsValid);
        Assert.False(loaded.Succeeded);
    }

    [Fact]
    public void Schema_MinimalPolicy_AcceptedByBoth()
    {
        const string text = """
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata: { name: minimal }
            spec:
              target: { kind: Deployment, namespace: shop, name: api }
              metrics: [{ name: rps, query: up, targetPerReplica: 10 }]
              guardrails: { maxReplicas: 10 }
            """;

        AssertValid(PolicySchema.Evaluate(YamlJson.Documents(text).Single()));
        Assert.True(PolicyLoader.LoadText("minimal.yaml", text, TestPaths.Now).Succeeded);
    }

    /// <summary>Collects the path of every object schema with properties; each must forbid other properties.</summary>
    private static void Walk(JsonObject schema, string path, List<string> found)
    {
        if (PolicySchema.ObjectSchema(schema) is not { } objectSchema)
        {
            if (PolicySchema.Resolve(schema)["items"] is JsonObject items)
            {
                Walk(items, path + "[]", found);
            }

            return;
        }

        found.Add(path);
        Assert.True(objectSchema["additionalProperties"]?.GetValue<bool>() == false, $"{path}: additionalProperties must be false");
        foreach (var (name, property) in objectSchema["properties"]!.AsObject())
        {
            Walk(property!.AsObject(), path.Length == 0 ? name : $"{path}.{name}", found);
        }
    }

    private static void AssertValid(Json.Schema.EvaluationResults results) =>
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
}
