using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.CustomResources;

/// <summary>
/// JSON written as block YAML, deterministically: plain keys, every string double-quoted (JSON's escaping is valid
/// YAML), so nothing is re-typed by a YAML reader (<c>"True"</c>, <c>"1.0"</c>, <c>"on"</c> stay strings).
/// </summary>
public static class YamlText
{
    /// <summary>The YAML text of <paramref name="node"/>.</summary>
    public static string Write(JsonNode node)
    {
        var text = new StringBuilder();
        WriteNode(text, node, 0, inSequence: false);
        return text.ToString();
    }

    private static void WriteNode(StringBuilder text, JsonNode? node, int indent, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var first = true;
                foreach (var (key, value) in o)
                {
                    text.Append(first && inSequence ? string.Empty : pad).Append(Key(key)).Append(':');
                    first = false;
                    WriteValue(text, value, indent);
                }

                break;
            case JsonArray a when a.Count > 0:
                foreach (var item in a)
                {
                    text.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteNode(text, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        text.Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            default:
                text.Append(pad).Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                text.Append('\n');
                WriteNode(text, value, indent + 2, inSequence: false);
                break;
            case JsonArray { Count: > 0 }:
                text.Append('\n');
                WriteNode(text, value, indent, inSequence: false);
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Key(string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') && !char.IsAsciiDigit(key[0]) ? key : JsonSerializer.Serialize(key);

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(v.GetValue<string>(), Options),
        _ => node.ToJsonString(),
    };

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
