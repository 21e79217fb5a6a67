using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.ApiServer.Patching;

/// <summary>
/// JSON Patch (RFC 6902, <c>application/json-patch+json</c>): an array of <c>add</c>, <c>remove</c>, <c>replace</c>,
/// <c>move</c>, <c>copy</c> and <c>test</c> operations addressed by JSON Pointers (RFC 6901), applied in order and
/// atomically: any failing operation leaves the document unchanged. Written here rather than taken from a library
/// because the server patches schemaless <see cref="JsonNode"/> documents, not typed .NET objects.
/// </summary>
public static class JsonPatch
{
    /// <summary>Returns <paramref name="document"/> patched by the operations in <paramref name="patch"/>; the input is not changed.</summary>
    /// <exception cref="JsonPatchException">The patch is malformed or an operation cannot be applied.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw new JsonPatchException("a JSON patch must be an array of operations", isMalformed: true);
        }

        var parsed = operations.Select(Parse).ToList();
        var result = document?.DeepClone();
        foreach (var operation in parsed)
        {
            result = operation.Apply(result);
        }

        return result;
    }

    private static Operation Parse(JsonNode? node, int index)
    {
        if (node is not JsonObject op)
        {
            throw Malformed(index, "is not an object");
        }

        var name = Text(op, "op") ?? throw Malformed(index, "has no \"op\"");
        var path = Pointer.Parse(Text(op, "path") ?? throw Malformed(index, "has no \"path\""), index);
        Pointer? from = name is "move" or "copy"
            ? Pointer.Parse(Text(op, "from") ?? throw Malformed(index, $"\"{name}\" needs \"from\""), index)
            : null;
        if (name is "add" or "replace" or "test" && !op.ContainsKey("value"))
        {
            throw Malformed(index, $"\"{name}\" needs \"value\"");
        }

        return name switch
        {
            "add" or "remove" or "replace" or "move" or "copy" or "test" => new Operation(name, path, from, op["value"]),
            _ => throw Malformed(index, $"has an unknown op \"{name}\""),
        };
    }

    private static string? Text(JsonObject op, string member) =>
        op[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonPatchException Malformed(int index, string problem) =>
        new($"JSON patch operation {index} {problem}", isMalformed: true);

    private static JsonPatchException Failed(string message) => new(message, isMalformed: false);

    private sealed record Operation(string Name, Pointer Path, Pointer? From, JsonNode? Value)
    {
        public JsonNode? Apply(JsonNode? document) => Name switch
        {
            "add" => Add(document, Path, Value?.DeepClone()),
            "remove" => Remove(document, Path, out _),
            "replace" => Replace(document, Path, Value?.DeepClone()),
            "move" => Move(document),
            "copy" => Add(document, Path, Get(document, From!).DeepCloneOrNull()),
            _ => Test(document),
        };

        private JsonNode? Move(JsonNode? document)
        {
            if (Path.StartsWith(From!) && !Path.Equals(From!))
            {
                throw Failed($"cannot move \"{From}\" into its own child \"{Path}\"");
            }

            var withoutSource = Remove(document, From!, out var moved);
            return Add(withoutSource, Path, moved);
        }

        private JsonNode? Test(JsonNode? document)
        {
            var actual = Get(document, Path);
            return JsonEquality.AreEqual(actual, Value)
                ? document
                : throw Failed($"testing value {Path} failed");
        }
    }

    private static JsonNode? Get(JsonNode? document, Pointer pointer)
    {
        var node = document;
        foreach (var token in pointer.Tokens)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when ArrayIndex(token, a.Count, allowEnd: false) is { } i => a[i],
                _ => throw Failed($"path \"{pointer}\" does not exist"),
            };
        }

        return node;
    }

    private static JsonNode? Add(JsonNode? document, Pointer pointer, JsonNode? value)
    {
        if (pointer.Tokens.Count == 0)
        {
            return value;
        }

        var parent = Get(document, pointer.Parent);
        var last = pointer.Tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                var index = last == "-" ? a.Count : ArrayIndex(last, a.Count, allowEnd: true)
                    ?? throw Failed($"index \"{last}\" of \"{pointer}\" is out of range");
                a.Insert(index, value);
                break;
            default:
                throw Failed($"the parent of \"{pointer}\" is not an object or an array");
        }

        return document;
    }

    /// <summary>Replaces in place, so an object member keeps its position.</summary>
    private static JsonNode? Replace(JsonNode? document, Pointer pointer, JsonNode? value)
    {
        if (pointer.Tokens.Count == 0)
        {
            return value;
        }

        var parent = Get(document, pointer.Parent);
        var last = pointer.Tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o[last] = value;
                break;
            case JsonArray a when ArrayIndex(last, a.Count, allowEnd: false) is { } i:
                a[i] = value;
                break;
            default:
                throw Failed($"path \"{pointer}\" does not exist");
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, Pointer pointer, out JsonNode? removed)
    {
        if (pointer.Tokens.Count == 0)
        {
            removed = document;
            return null;
        }

        var parent = Get(document, pointer.Parent);
        var last = pointer.Tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var child):
                o.Remove(last);
                removed = child;
                break;
            case JsonArray a when ArrayIndex(last, a.Count, allowEnd: false) is { } i:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Failed($"path \"{pointer}\" does not exist");
        }

        return document;
    }

    /// <summary>RFC 6901 array index: decimal digits without a leading zero, within the array (or at its end for add).</summary>
    private static int? ArrayIndex(string token, int count, bool allowEnd)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }

        return index < count || (allowEnd && index == count) ? index : null;
    }

    private static JsonNode? DeepCloneOrNull(this JsonNode? node) => node?.DeepClone();

    /// <summary>An RFC 6901 JSON Pointer: <c>""</c> is the whole document, <c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>.</summary>
    private sealed class Pointer : IEquatable<Pointer>
    {
        private readonly string text;

        private Pointer(string text, IReadOnlyList<string> tokens)
        {
            this.text = text;
            Tokens = tokens;
        }

        public IReadOnlyList<string> Tokens { get; }

        public Pointer Parent => new(text[..text.LastIndexOf('/')], Tokens.Take(Tokens.Count - 1).ToArray());

        public static Pointer Parse(string text, int index)
        {
            if (text.Length == 0)
            {
                return new Pointer(text, []);
            }

            if (text[0] != '/')
            {
                throw Malformed(index, $"has a path \"{text}\" that does not start with '/'");
            }

            var tokens = text[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
            return new Pointer(text, tokens);
        }

        public bool StartsWith(Pointer prefix) =>
            prefix.Tokens.Count <= Tokens.Count && prefix.Tokens.Select((t, i) => t == Tokens[i]).All(same => same);

        public bool Equals(Pointer? other) => other is not null && other.text == text;

        public override bool Equals(object? obj) => Equals(obj as Pointer);

        public override int GetHashCode() => text.GetHashCode(StringComparison.Ordinal);

        public override string ToString() => text;
    }
}

/// <summary>RFC 6902 section 4.6 equality: same type; numbers by value; objects by members in any order; arrays element-wise.</summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && AreEqual(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Select((n, i) => AreEqual(n, y[i])).All(same => same),
        (JsonValue x, JsonValue y) => ValuesEqual(x, y),
        _ => false,
    };

    private static bool ValuesEqual(JsonValue x, JsonValue y)
    {
        var kind = x.GetValueKind();
        if (kind != y.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.Number => Number(x) == Number(y),
            JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
            _ => true,
        };
    }

    private static double Number(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
