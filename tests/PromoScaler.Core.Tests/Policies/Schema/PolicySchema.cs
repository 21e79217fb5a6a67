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
}
