using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.CustomResources;

/// <summary>
/// Turns the policy's JSON Schema (draft 2020-12, <c>policies/schema/scalingpolicy.schema.json</c>) into the structural
/// OpenAPI v3 schema a CustomResourceDefinition takes: <c>$ref</c>s inlined, every field typed (a string enum or
/// <c>const</c> is a string; a field that is one of several shapes, e.g. <c>tolerance</c>, keeps its value with
/// <c>x-kubernetes-preserve-unknown-fields</c>), <c>exclusiveMinimum: N</c> as <c>minimum: N</c> +
/// <c>exclusiveMinimum: true</c>. What a CRD cannot say (conditionals, <c>oneOf</c> between requirements, dependent
/// fields, <c>additionalProperties: false</c>) is left to the loader, which every object runs through anyway; defaults
/// are dropped so an object reaches the loader exactly as written.
/// </summary>
public static class StructuralSchema
{
    private static readonly string[] Copied = ["description", "pattern", "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "required"];

    /// <summary>The structural form of <paramref name="schema"/>, with its <c>$ref</c>s resolved in <paramref name="definitions"/>.</summary>
    // Long on purpose: one recursive conversion, keyword by keyword in the order of the structural-schema rules.
    public static JsonObject Convert(JsonObject schema, JsonObject definitions)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(definitions);
        if ((string?)schema["$ref"] is { } reference)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            var resolved = Convert(definitions[name] as JsonObject ?? throw new InvalidOperationException($"unknown $ref {reference}"), definitions);
            if (schema["description"] is { } description)
            {
                resolved["description"] = description.DeepClone();
            }

            return resolved;
        }

        var result = new JsonObject();
        var type = TypeOf(schema);
        if (type is null)
        {
            // Several shapes (oneOf a string or an object): kept as written, the loader checks it.
            CopyIfPresent(schema, result, "description");
            result["x-kubernetes-preserve-unknown-fields"] = true;
            return result;
        }

        result["type"] = type;
        foreach (var key in Copied)
        {
            CopyIfPresent(schema, result, key);
        }

        if (schema["enum"] is JsonArray values)
        {
            result["enum"] = values.DeepClone();
        }
        else if (schema["const"] is { } constant)
        {
            result["enum"] = new JsonArray(constant.DeepClone());
        }

        if (schema["exclusiveMinimum"] is JsonValue exclusive)
        {
            result["minimum"] = exclusive.DeepClone();
            result["exclusiveMinimum"] = true;
        }

        if (schema["properties"] is JsonObject properties)
        {
            var converted = new JsonObject();
            foreach (var (name, child) in properties)
            {
                converted[name] = Convert((JsonObject)child!, definitions);
            }

            result["properties"] = converted;
        }

        if (schema["items"] is JsonObject items)
        {
            result["items"] = Convert(items, definitions);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            result["additionalProperties"] = Convert(additional, definitions);
        }

        return result;
    }

    private static string? TypeOf(JsonObject schema) => (string?)schema["type"] switch
    {
        { } declared => declared,
        null when schema["enum"] is JsonArray || schema["const"] is JsonValue => "string",
        null when schema["properties"] is JsonObject => "object",
        null when schema["items"] is JsonObject => "array",
        _ => null,
    };

    private static void CopyIfPresent(JsonObject from, JsonObject to, string key)
    {
        if (from[key] is { } value)
        {
            to[key] = value.DeepClone();
        }
    }
}
