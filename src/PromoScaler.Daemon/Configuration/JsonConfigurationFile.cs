using System.Text;
using System.Text.Json;

namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// A JSON <c>--config</c> file as configuration keys, flattened as Microsoft.Extensions.Configuration's JSON provider
/// does (comments and trailing commas allowed), but with the position of every key and value, and a syntax error
/// or a duplicate key reported at its <c>file:line:col</c>.
/// </summary>
internal static class JsonConfigurationFile
{
    private const int MaxDepth = 64;

    public static void Read(string text, ConfigurationFileContent content)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new Lines(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                content.Error(lines.At(reader.TokenStartIndex), "the configuration must be a JSON object of sections ({ \"Policies\": { ... } })");
                content.Unusable = true;
                return;
            }

            Object(ref reader, "", lines, content);
            if (reader.Read())
            {
                content.Error(lines.At(reader.TokenStartIndex), "invalid JSON: text after the end of the object");
                content.Unusable = true;
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            content.Error(new(line, column), $"invalid JSON: {FirstSentence(ex.Message)}");
            content.Unusable = true;
        }
    }

    private static void Object(ref Utf8JsonReader reader, string prefix, Lines lines, ConfigurationFileContent content)
    {
        var empty = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            empty = false;
            var keyAt = lines.At(reader.TokenStartIndex);
            var key = reader.GetString() ?? "";
            reader.Read();
            if (key.Length == 0 || key.Contains(':', StringComparison.Ordinal))
            {
                content.Error(keyAt, $"{(prefix.Length == 0 ? "" : prefix + ": ")}a key must be a name without ':'");
                reader.Skip();
                continue;
            }

            Value(ref reader, prefix.Length == 0 ? key : $"{prefix}:{key}", keyAt, lines, content);
        }

        if (empty && prefix.Length > 0)
        {
            content.Values[prefix] = null;
        }
    }

    private static void Value(ref Utf8JsonReader reader, string path, ConfigurationPosition keyAt, Lines lines, ConfigurationFileContent content)
    {
        var valueAt = lines.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (content.AddSection(path, keyAt))
                {
                    Object(ref reader, path, lines, content);
                }
                else
                {
                    reader.Skip();
                }

                break;
            case JsonTokenType.StartArray:
                if (!content.AddSection(path, keyAt))
                {
                    reader.Skip();
                    break;
                }

                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Value(ref reader, $"{path}:{index++}", lines.At(reader.TokenStartIndex), lines, content);
                }

                if (index == 0)
                {
                    content.Values[path] = null;
                }

                break;
            case JsonTokenType.String:
                content.Add(path, reader.GetString(), keyAt, valueAt);
                break;
            case JsonTokenType.Number:
                content.Add(path, Encoding.UTF8.GetString(reader.ValueSpan), keyAt, valueAt);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                content.Add(path, reader.TokenType == JsonTokenType.True ? "true" : "false", keyAt, valueAt);
                break;
            default:
                content.Add(path, null, keyAt, valueAt);
                break;
        }
    }

    /// <summary>System.Text.Json appends its own position and path; the message keeps what a person needs.</summary>
    private static string FirstSentence(string message)
    {
        foreach (var tail in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
        }

        return message.Trim();
    }

    /// <summary>Line and column (1-based, in characters) of a byte offset.</summary>
    private sealed class Lines(byte[] bytes)
    {
        private readonly int[] _starts = [0, .. bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'\n').Select(x => x.i + 1)];

        public ConfigurationPosition At(long offset)
        {
            var index = Array.BinarySearch(_starts, (int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = Encoding.UTF8.GetCharCount(bytes, _starts[line], (int)offset - _starts[line]) + 1;
            return new(line + 1, column);
        }
    }
}
