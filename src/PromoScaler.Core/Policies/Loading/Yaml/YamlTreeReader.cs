using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PromoScaler.Core.Policies.Loading.Yaml;

/// <summary>The documents of one YAML stream, and the syntax error that stopped reading, if any.</summary>
/// <param name="Documents">Root node of each complete document read before any syntax error; empty documents are skipped.</param>
/// <param name="SyntaxError">Position and message of the first syntax error; nothing after it can be trusted.</param>
internal sealed record YamlStreamContent(IReadOnlyList<YamlNode> Documents, (int Line, int Column, string Message)? SyntaxError);

/// <summary>
/// Reads a YAML stream into <see cref="YamlNode"/> trees from YamlDotNet's parser events. We build our own tree
/// rather than YamlDotNet's representation model so that duplicate keys survive (to be reported, all of them)
/// and every node keeps its start mark for <c>file:line:col</c> messages.
/// </summary>
internal static class YamlTreeReader
{
    public static YamlStreamContent Read(string text)
    {
        var documents = new List<YamlNode>();
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                anchors.Clear();
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    var root = ReadNode(parser, anchors);
                    if (root is not YamlScalar { IsPlain: true, Value: "" })
                    {
                        documents.Add(root);
                    }
                }

                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
            return new YamlStreamContent(documents, null);
        }
        catch (YamlException ex)
        {
            return new YamlStreamContent(documents, ((int)ex.Start.Line, (int)ex.Start.Column, ex.Message));
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors)
    {
        var start = parser.Current!.Start;
        YamlNode node;
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor");
            }

            return target;
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YamlScalar((int)start.Line, (int)start.Column, scalar.Value, scalar.Style == ScalarStyle.Plain);
            Remember(anchors, scalar.Anchor, node);
            return node;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors));
            }

            node = new YamlSequence((int)start.Line, (int)start.Column, items);
            Remember(anchors, sequenceStart.Anchor, node);
            return node;
        }

        var mappingStart = parser.Consume<MappingStart>();
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, anchors);
            var value = ReadNode(parser, anchors);
            var key = keyNode as YamlScalar
                ?? new YamlScalar(keyNode.Line, keyNode.Column, "<complex key>", IsPlain: false);
            entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
        }

        node = new YamlMapping((int)start.Line, (int)start.Column, entries);
        Remember(anchors, mappingStart.Anchor, node);
        return node;
    }

    private static void Remember(Dictionary<string, YamlNode> anchors, AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }
}
