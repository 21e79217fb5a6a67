using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PromoScaler.Core.Tests.Policies.Schema;

/// <summary>The shipped JSON Schema, built once (the library registers it by its $id).</summary>
internal static class PolicySchema
{
    private static readonly Lazy<JsonSchema> Built = new(() => JsonSchema.FromText(File.ReadAllText(TestPaths.Schema)));

    private static readonly Lazy<JsonObject> Raw = new(() => JsonNode.Parse(File.ReadAllText(TestPaths.Schema))!.AsObject());

    /// <summary>The schema as a JSON tree, for walking its properties.</summary>
    public static JsonObject Document => Raw.Value;

    public static EvaluationResults Evaluate(JsonNode? instance)
    {
        var element = JsonSerializer.SerializeToElement(instance);
        return Built.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/$defs/name</c>); other schemas are returned as they are.</summary>
    public static JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference["#/$defs/".Length..];
            schema = Document["$defs"]![name]!.AsObject();
        }

        return schema;
    }

    /// <summary>The object schema with <c>properties</c> reachable from <paramref name="schema"/> (directly, via $ref, or in a oneOf branch).</summary>
    public static JsonObject? ObjectSchema(JsonObject schema)
    {
        schema = Resolve(schema);
        if (schema["properties"] is JsonObject)
        {
            return schema;
        }

        return schema["oneOf"]?.AsArray()
            .Select(branch => ObjectSchema(branch!.AsObject()))
            .FirstOrDefault(s => s is not null);
    }

    /// <summary>The object schema of the mapping at a <c>PolicyFieldCatalog</c> path (<c>[]</c>: a sequence's items).</summary>
    public static JsonObject MappingAt(string catalogPath)
    {
        var schema = Document;
        if (catalogPath.Length == 0)
        {
            return schema;
        }

        foreach (var segment in catalogPath.Split('.'))
        {
            var isItem = segment.EndsWith("[]", StringComparison.Ordinal);
            var name = isItem ? segment[..^2] : segment;
            var property = ObjectSchema(schema)!["properties"]![name];
            Assert.True(property is not null, $"schema has no property {name} on the way to {catalogPath}");
            schema = Resolve(property.AsObject());
            if (isItem)
            {
                schema = Resolve(schema["items"]!.AsObject());
            }
        }

        return ObjectSchema(schema) ?? throw new Xunit.Sdk.XunitException($"no object schema at {catalogPath}");
    }
}
