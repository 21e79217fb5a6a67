using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PromoScaler.Chart.Tests;

/// <summary>
/// The chart README's values table, generated from values.yaml: each key preceded by a <c># --</c> comment (helm-docs
/// style; following <c>#</c> lines continue it) becomes a row with its type from values.schema.json and its default.
/// </summary>
internal static partial class ValuesTable
{
    public const string Start = "<!-- values-table:start (generated from values.yaml by tests/PromoScaler.Chart.Tests; do not edit) -->";
    public const string End = "<!-- values-table:end -->";

    public static string Generate(string valuesYaml, JsonNode schema)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(valuesYaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var table = new StringBuilder("| key | type | default | description |\n| --- | --- | --- | --- |\n");
        foreach (var (path, description) in Documented(valuesYaml))
        {
            var node = Find(root, path);
            table.Append("| `").Append(string.Join('.', path)).Append("` | ")
                .Append(Escape(TypeOf(schema, path))).Append(" | `")
                .Append(Escape(node is null ? "" : Flow(node))).Append("` | ")
                .Append(Escape(description)).Append(" |\n");
        }

        return table.ToString();
    }

    /// <summary>The README with its table between the markers replaced by <paramref name="table"/>.</summary>
    public static string Replace(string readme, string table)
    {
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the chart README has no values table markers");
        return string.Concat(readme.AsSpan(0, start + Start.Length), "\n", table, readme.AsSpan(end));
    }

    /// <summary>Every key with a <c># --</c> comment, as its path and the comment's text.</summary>
    public static IEnumerable<(IReadOnlyList<string> Path, string Description)> Documented(string valuesYaml)
    {
        var stack = new List<(int Indent, string Key)>();
        List<string>? pending = null;
        foreach (var line in valuesYaml.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("# --", StringComparison.Ordinal))
            {
                pending = [trimmed[4..].Trim()];
            }
            else if (trimmed.StartsWith('#'))
            {
                pending?.Add(trimmed.TrimStart('#').Trim());
            }
            else if (KeyLine().Match(line) is { Success: true } key)
            {
                var indent = key.Groups[1].Length;
                stack.RemoveAll(entry => entry.Indent >= indent);
                stack.Add((indent, key.Groups[2].Value));
                if (pending is not null)
                {
                    yield return ([.. stack.Select(entry => entry.Key)], string.Join(' ', pending));
                }

                pending = null;
            }
        }
    }

    private static YamlNode? Find(YamlMappingNode root, IReadOnlyList<string> path)
    {
        YamlNode? node = root;
        foreach (var key in path)
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var next) ? next : null;
        }

        return node;
    }

    private static string TypeOf(JsonNode schema, IReadOnlyList<string> path)
    {
        JsonNode? node = schema;
        foreach (var key in path)
        {
            node = node?["properties"]?[key];
        }

        return node switch
        {
            null => "",
            _ when node["enum"] is JsonArray values => string.Join(" | ", values.Select(v => v!.ToJsonString())),
            _ when node["oneOf"] is not null => "quantity",
            _ => node["type"]?.ToString() ?? "object",
        };
    }

    private static string Flow(YamlNode node) => node switch
    {
        YamlScalarNode { Value: "" } => "\"\"",
        YamlScalarNode scalar => scalar.Style is YamlDotNet.Core.ScalarStyle.DoubleQuoted ? $"\"{scalar.Value}\"" : scalar.Value ?? "",
        YamlSequenceNode sequence => "[" + string.Join(", ", sequence.Children.Select(Flow)) + "]",
        YamlMappingNode mapping => "{" + string.Join(", ", mapping.Children.Select(pair => $"{Flow(pair.Key)}: {Flow(pair.Value)}")) + "}",
        _ => "",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex(@"^( *)([A-Za-z0-9_]+):")]
    private static partial Regex KeyLine();
}
