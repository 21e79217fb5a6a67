using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PromoScaler.Kubernetes.ApiServer.Protocol;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>
/// A custom resource object checked against its CRD's structural OpenAPI v3 schema, with the real server's wording
/// (<c>spec.x: Invalid value: "a": spec.x in body must be of type integer: "a"</c>): types, required, enum, pattern,
/// bounds and lengths. Fields the schema does not know are not errors here: <see cref="UnknownFields"/> finds them, and
/// the request's <c>fieldValidation</c> decides whether they are refused or pruned. <c>apiVersion</c>, <c>kind</c> and
/// <c>metadata</c> are the server's own and are not checked against the schema.
/// </summary>
internal static class OpenApiObjectValidator
{
    private static readonly string[] Envelope = ["apiVersion", "kind", "metadata"];

    public static IReadOnlyList<FieldError> Validate(JsonObject schema, JsonObject o)
    {
        var errors = new List<FieldError>();
        var properties = schema["properties"] as JsonObject;
        foreach (var name in RequiredOf(schema).Where(r => !Envelope.Contains(r) && o[r] is null))
        {
            errors.Add(new FieldError(name, "Required value", "FieldValueRequired"));
        }

        foreach (var (name, value) in o)
        {
            if (!Envelope.Contains(name) && properties?[name] is JsonObject child)
            {
                Check(child, value, name, errors);
            }
        }

        return errors;
    }

    /// <summary>The dotted paths of the fields the schema does not declare (where it does not preserve unknown fields).</summary>
    public static List<string> UnknownFields(JsonObject schema, JsonObject o)
    {
        var unknown = new List<string>();
        Walk(schema, o, string.Empty, unknown, prune: false);
        return unknown;
    }

    /// <summary>Removes the fields the schema does not declare, as the server prunes them.</summary>
    public static void Prune(JsonObject schema, JsonObject o) => Walk(schema, o, string.Empty, [], prune: true);

    private static void Walk(JsonObject schema, JsonNode? node, string path, List<string> unknown, bool prune)
    {
        if ((bool?)schema["x-kubernetes-preserve-unknown-fields"] == true)
        {
            return;
        }

        if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(items, array[i], $"{path}[{i}]", unknown, prune);
            }
        }

        if (node is not JsonObject o)
        {
            return;
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (name, value) in o.ToList())
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (path.Length == 0 && Envelope.Contains(name))
            {
                continue;
            }

            var child = properties?[name] as JsonObject ?? additional;
            if (child is not null)
            {
                Walk(child, value, childPath, unknown, prune);
            }
            else if (prune)
            {
                o.Remove(name);
            }
            else
            {
                unknown.Add(childPath);
            }
        }
    }

    private static void Check(JsonObject schema, JsonNode? node, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if ((bool?)schema["nullable"] != true)
            {
                errors.Add(new FieldError(path, $"Invalid value: \"null\": {path} in body must be of type {(string?)schema["type"] ?? "object"}: \"null\""));
            }

            return;
        }

        var type = (string?)schema["type"];
        if (type is not null && !HasType(node, type) && !((bool?)schema["x-kubernetes-int-or-string"] == true && HasType(node, "string")))
        {
            errors.Add(new FieldError(path, $"Invalid value: \"{KindOf(node)}\": {path} in body must be of type {type}: \"{KindOf(node)}\""));
            return;
        }

        CheckValue(schema, node, path, errors);
        switch (node)
        {
            case JsonObject o:
                foreach (var name in RequiredOf(schema).Where(r => o[r] is null))
                {
                    errors.Add(new FieldError($"{path}.{name}", "Required value", "FieldValueRequired"));
                }

                foreach (var (name, value) in o)
                {
                    if ((schema["properties"]?[name] ?? schema["additionalProperties"]) is JsonObject child)
                    {
                        Check(child, value, $"{path}.{name}", errors);
                    }
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                if ((int?)schema["minItems"] is { } minItems && a.Count < minItems)
                {
                    errors.Add(new FieldError(path, $"Invalid value: {a.Count}: {path} in body should have at least {minItems} items"));
                }

                for (var i = 0; i < a.Count; i++)
                {
                    Check(items, a[i], $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private static void CheckValue(JsonObject schema, JsonNode node, string path, List<FieldError> errors)
    {
        if (node is not JsonValue value)
        {
            return;
        }

        var shown = value.GetValueKind() == JsonValueKind.String ? $"\"{value}\"" : value.ToJsonString();
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            var supported = string.Join(", ", allowed.Select(a => a?.ToJsonString()));
            errors.Add(new FieldError(path, $"Unsupported value: {shown}: supported values: {supported}", "FieldValueNotSupported"));
        }

        if (value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.ToString();
            if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(new FieldError(path, $"Invalid value: {shown}: {path} in body should match '{pattern}'"));
            }

            if ((int?)schema["maxLength"] is { } max && text.Length > max)
            {
                errors.Add(new FieldError(path, $"Too long: may not be more than {max} bytes", "FieldValueTooLong"));
            }

            if ((int?)schema["minLength"] is { } min && text.Length < min)
            {
                errors.Add(new FieldError(path, $"Invalid value: {shown}: {path} in body should be at least {min} chars long"));
            }
        }
        else if (value.GetValueKind() == JsonValueKind.Number && (double?)schema["minimum"] is { } minimum)
        {
            var number = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
            var exclusive = (bool?)schema["exclusiveMinimum"] == true;
            if (exclusive ? number <= minimum : number < minimum)
            {
                var bound = minimum.ToString(CultureInfo.InvariantCulture);
                errors.Add(new FieldError(path, $"Invalid value: {shown}: {path} in body should be greater than {(exclusive ? "" : "or equal to ")}{bound}"));
            }
        }
    }

    private static IEnumerable<string> RequiredOf(JsonObject schema) =>
        (schema["required"] as JsonArray ?? []).Select(r => (string?)r).OfType<string>();

    private static bool HasType(JsonNode node, string type) => (type, node) switch
    {
        ("object", JsonObject) => true,
        ("array", JsonArray) => true,
        ("string", JsonValue v) => v.GetValueKind() == JsonValueKind.String,
        ("boolean", JsonValue v) => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        ("number", JsonValue v) => v.GetValueKind() == JsonValueKind.Number,
        ("integer", JsonValue v) => v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), out _),
        _ => false,
    };

    private static string KindOf(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => long.TryParse(v.ToJsonString(), out _) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };
}
