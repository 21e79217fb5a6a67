namespace PromoScaler.Core.Policies.Loading.Yaml;

/// <summary>A node of a parsed YAML document, with the position it starts at (1-based).</summary>
internal abstract record YamlNode(int Line, int Column);

/// <summary>A scalar as written: plain scalars are typed by <see cref="YamlScalarTypes"/>, quoted ones are strings.</summary>
internal sealed record YamlScalar(int Line, int Column, string Value, bool IsPlain) : YamlNode(Line, Column)
{
    /// <summary>The YAML 1.2 core-schema type of this scalar.</summary>
    public YamlScalarType Type => IsPlain ? YamlScalarTypes.Resolve(Value) : YamlScalarType.String;
}

/// <summary>A sequence; items in document order.</summary>
internal sealed record YamlSequence(int Line, int Column, IReadOnlyList<YamlNode> Items) : YamlNode(Line, Column);

/// <summary>
/// A mapping; entries in document order, duplicates kept, so that the reader can report every duplicate key
/// with its position instead of losing it to a dictionary.
/// </summary>
internal sealed record YamlMapping(int Line, int Column, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries)
    : YamlNode(Line, Column);

