using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PromoScaler.Core.Policies.Loading.Yaml;

/// <summary>The documents of one YAML stream, and the syntax error that stopped reading, if any.</summary>
/// <param name="Documents">Root node of each complete document read before any syntax error; empty documents are skipped.</param>
/// <param name="SyntaxError">Position (line and column at least 1) and message of the first syntax error; nothing after it can be trusted.</param>
internal sealed record YamlStreamContent(IReadOnlyList<YamlNode> Documents, (int Line, int Column, string Message)? SyntaxError);

/// <summary>
/// Reads a YAML stream into <see cref="YamlNode"/> trees from YamlDotNet's parser events. We build our own tree
/// rather than YamlDotNet's representation model so that duplicate keys survive (to be reported, all of them)
/// and every node keeps its start mark for <c>file:line:col</c> messages.
/// </summary>
/// <remarks>
/// YamlDotNet is untrusted at this boundary: besides <see cref="YamlException"/> its scanner throws bare exceptions
/// on some malformed input, and every one of them becomes a syntax error at the last position read. The stated
/// limits (<see cref="PolicyLimits"/>) are checked as the events arrive, so that no input can exhaust the stack
/// (nesting), the memory (scalars, documents) or the time (aliases that expand exponentially) before it is refused.
/// </remarks>
internal static class YamlTreeReader
{
    public static YamlStreamContent Read(string text)
    {
        var documents = new List<YamlNode>();
        var state = new ReadState(new Parser(new StringReader(text)));
        try
        {
            state.Parser.Consume<StreamStart>();
            var count = 0;
            while (state.Parser.Accept<DocumentStart>(out var documentStart))
            {
                if (++count > PolicyLimits.MaxDocuments)
                {
                    throw new YamlException(documentStart.Start, documentStart.End, $"more than {PolicyLimits.MaxDocuments} documents in one file, the limit; split the file");
                }

                state.Parser.MoveNext();
                state.BeginDocument();
                if (!state.Parser.Accept<DocumentEnd>(out _))
                {
                    var root = ReadNode(state, depth: 1);
                    if (root is not YamlScalar { IsPlain: true, Value: "" })
                    {
                        documents.Add(root);
                    }
                }

                state.Parser.Consume<DocumentEnd>();
            }

            state.Parser.Consume<StreamEnd>();
            return new YamlStreamContent(documents, null);
        }
        catch (YamlException ex)
        {
            return new YamlStreamContent(documents, (Math.Max(1, (int)ex.Start.Line), Math.Max(1, (int)ex.Start.Column), ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException or NullReferenceException)
        {
            // The parser's own defects on malformed input (a '[' or '{' inside a flow key, for one): its message is
            // about its own state, not the text, so the message says what to look for, at the last node it read
            // (the scanner has already run past the fault by then).
            var at = state.Parser.Current?.Start ?? state.LastMark;
            return new YamlStreamContent(documents, (Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), MalformedFlow));
        }
    }

    /// <summary>What a parser failure without a YAML message means, in the words of the text.</summary>
    internal const string MalformedFlow =
        "malformed YAML on or near this line: look for a stray or unbalanced {, }, [ or ], or a missing ',' or ':' in a flow collection ({ key: value, ... } or [ a, b ])";

    // Long on purpose: one recursive descent over the four node kinds (alias, scalar, sequence, mapping), each with its limit; the recursion reads best in one place.
    private static YamlNode ReadNode(ReadState state, int depth)
    {
        var parser = state.Parser;
        var current = parser.Current!;
        state.LastMark = current.Start;
        var start = current.Start;
        if (depth > PolicyLimits.MaxNestingDepth)
        {
            throw new YamlException(current.Start, current.End, $"nesting deeper than {PolicyLimits.MaxNestingDepth} levels, the limit");
        }

        state.Count(current, 1);
        YamlNode node;
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor");
            }

            // An alias stands for its whole anchored tree: count it so, or nested aliases would expand exponentially.
            state.Count(alias, target.Size - 1);
            return target.Node;
        }

        var before = state.Nodes - 1;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            if (scalar.Value.Length > PolicyLimits.MaxScalarLength)
            {
                throw new YamlException(scalar.Start, scalar.End, $"a scalar of {scalar.Value.Length} characters, above the limit of {PolicyLimits.MaxScalarLength}");
            }

            node = new YamlScalar((int)start.Line, (int)start.Column, scalar.Value, scalar.Style == ScalarStyle.Plain);
            state.Remember(scalar.Anchor, node, before);
            return node;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(state, depth + 1));
            }

            node = new YamlSequence((int)start.Line, (int)start.Column, items);
            state.Remember(sequenceStart.Anchor, node, before);
            return node;
        }

        var mappingStart = parser.Consume<MappingStart>();
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(state, depth + 1);
            var value = ReadNode(state, depth + 1);
            var key = keyNode as YamlScalar
                ?? new YamlScalar(keyNode.Line, keyNode.Column, "<complex key>", IsPlain: false);
            entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
        }

        node = new YamlMapping((int)start.Line, (int)start.Column, entries);
        state.Remember(mappingStart.Anchor, node, before);
        return node;
    }

    /// <summary>The parser, the anchors of the current document and how many nodes the stream stands for so far.</summary>
    private sealed class ReadState(Parser parser)
    {
        public Parser Parser { get; } = parser;

        /// <summary>Each anchor of the current document, with the size of its tree (aliases inside it expanded).</summary>
        public Dictionary<string, (YamlNode Node, long Size)> Anchors { get; } = new(StringComparer.Ordinal);

        /// <summary>Nodes of the stream so far, every alias expanded: what the policy reader will walk.</summary>
        public long Nodes { get; private set; }

        public Mark LastMark { get; set; } = Mark.Empty;

        public void BeginDocument()
        {
            Anchors.Clear();
        }

        public void Count(ParsingEvent at, long nodes)
        {
            Nodes += nodes;
            if (Nodes > PolicyLimits.MaxExpandedNodes)
            {
                throw new YamlException(at.Start, at.End, $"the file stands for more than {PolicyLimits.MaxExpandedNodes} nodes once its aliases are expanded, the limit");
            }
        }

        public void Remember(AnchorName anchor, YamlNode node, long before)
        {
            if (!anchor.IsEmpty)
            {
                Anchors[anchor.Value] = (node, Nodes - before);
            }
        }
    }
}
