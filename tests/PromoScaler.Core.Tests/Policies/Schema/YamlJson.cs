using System.Globalization;
using System.Text.Json.Nodes;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Tests.Policies.Schema;

/// <summary>
/// Turns YAML documents into JSON the way yaml-language-server does before checking a schema: YAML 1.2 core
/// types for plain scalars, strings for quoted ones. Uses the loader's own tree reader, so both see the same text.
/// </summary>
internal static class YamlJson
{
    public static IReadOnlyList<JsonNode?> Documents(string yaml)
    {
        var content = YamlTreeReader.Read(yaml);
        Assert.Null(content.SyntaxError);
        return [.. content.Documents.Select(ToJson)];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMapping mapping => Object(mapping),
        YamlSequence sequence => new JsonArray([.. sequence.Items.Select(ToJson)]),
        YamlScalar scalar => scalar.Type switch
        {
            YamlScalarType.Null => null,
            YamlScalarType.Boolean => JsonValue.Create(scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase)),
            YamlScalarType.Integer => JsonValue.Create(decimal.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture)),
            YamlScalarType.Float => JsonValue.Create(double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(scalar.Value),
        },
        _ => throw new InvalidOperationException($"unexpected node {node}"),
    };

    private static JsonObject Object(YamlMapping mapping)
    {
        var json = new JsonObject();
        foreach (var (key, value) in mapping.Entries)
        {
            json[key.Value] = ToJson(value); // JSON keeps the last of duplicate keys; the loader rejects them.
        }

        return json;
    }
}
