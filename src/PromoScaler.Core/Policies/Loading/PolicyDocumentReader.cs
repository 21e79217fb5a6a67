using System.Text.RegularExpressions;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// Walks one YAML document's node tree and builds a <see cref="ScalingPolicy"/>, reporting every problem with the
/// position of the node at fault rather than stopping at the first. A document with any error yields no policy.
/// Defaults are applied here and documented on the policy records and in the JSON Schema.
/// </summary>
internal sealed partial class PolicyDocumentReader
{
    public const string ApiVersion = "promoscaler.io/v1";
    public const string Kind = "ScalingPolicy";

    private readonly string _file;
    private readonly List<PolicyDiagnostic> _diagnostics;
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private int _errors;

    private PolicyDocumentReader(string file, List<PolicyDiagnostic> diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads <paramref name="root"/>, appending diagnostics to <paramref name="diagnostics"/>.</summary>
    public static PolicyDocument Read(string file, YamlNode root, List<PolicyDiagnostic> diagnostics) =>
        new PolicyDocumentReader(file, diagnostics).ReadRoot(root);

    private PolicyDocument ReadRoot(YamlNode root)
    {
        string? name = null;
        TargetRef? target = null;
        ScalingPolicy? policy = null;
        if (Fields(root, "", "") is { } top)
        {
            if (top.Required("apiVersion") is { } apiVersion && ReadString(apiVersion, "apiVersion") is { } av && av != ApiVersion)
            {
                Error(apiVersion, "apiVersion", $"\"{av}\" is not supported; expected {ApiVersion}");
            }

            if (top.Required("kind") is { } kind && ReadString(kind, "kind") is { } k && k != Kind)
            {
                Error(kind, "kind", $"\"{k}\" is not supported; expected {Kind}");
            }

            // status is written by the API server when the policy is a custom resource; ignored.
            top.Ignore("status");
            var metadata = top.Required("metadata") is { } m ? ReadMetadata(m) : null;
            name = metadata?.Name;
            var spec = top.Required("spec") is { } s ? ReadSpec(s, out target) : null;
            if (_errors == 0 && metadata is not null && spec is not null)
            {
                policy = new ScalingPolicy(metadata, spec, LocationOf(root));
            }
        }

        return new PolicyDocument(policy, name, target, _locations, _consumed) { HostedBy = _hostedBy };
    }

    private PolicyMetadata? ReadMetadata(YamlNode node)
    {
        if (Fields(node, "metadata", "metadata") is not { } fields)
        {
            return null;
        }

        fields.Ignore([.. PolicyFieldCatalog.IgnoredMetadata]);

        var name = fields.Required("name") is { } n
            ? ReadMatching(n, "metadata.name", DnsLabel(), 63, "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)")
            : null;

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.Optional("labels") is { } labelsNode && Fields(labelsNode, "metadata.labels", null) is { } labelFields)
        {
            foreach (var (key, value) in labelFields.All)
            {
                if (ReadString(value, $"metadata.labels.{key}") is { } text)
                {
                    labels[key] = text;
                }
            }
        }

        return name is null ? null : new PolicyMetadata(name, labels);
    }

    /// <summary>
    /// The keys of a mapping after the unknown-key and duplicate-key checks. Each key the reader asks for is recorded
    /// as consumed (by its catalog path), so a test can prove the catalog, the reader and the schema list one set.
    /// </summary>
    private sealed class MappingFields(PolicyDocumentReader reader, YamlMapping mapping, string path, string? catalogKey, Dictionary<string, YamlNode> values)
    {
        public YamlMapping Node => mapping;

        public IEnumerable<KeyValuePair<string, YamlNode>> All => values;

        public YamlNode? Optional(string key)
        {
            Consume(key);
            return values.GetValueOrDefault(key);
        }

        public YamlNode? Required(string key)
        {
            Consume(key);
            if (values.TryGetValue(key, out var node))
            {
                return node;
            }

            reader.Error(mapping, Join(path, key), "required field is missing");
            return null;
        }

        public bool Has(string key) => values.ContainsKey(key);

        /// <summary>Keys accepted on purpose and never read.</summary>
        public void Ignore(params string[] keys)
        {
            foreach (var key in keys)
            {
                Consume(key);
            }
        }

        private void Consume(string key)
        {
            if (catalogKey is not null)
            {
                reader._consumed.Add(Join(catalogKey, key));
            }
        }
    }

    /// <summary>
    /// Checks that <paramref name="node"/> is a mapping whose keys are all known (<paramref name="catalogKey"/> in
    /// <see cref="PolicyFieldCatalog"/>; null accepts any key) and unique. Every bad key is reported. A caller that
    /// checks the keys itself passes a null <paramref name="catalogKey"/> and still records what it reads under
    /// <paramref name="consumedAs"/>.
    /// </summary>
    private MappingFields? Fields(YamlNode node, string path, string? catalogKey, string? consumedAs = null)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node, path, $"expected a mapping, found {Describe(node)}");
            return null;
        }

        var known = catalogKey is null ? null : PolicyFieldCatalog.Mappings[catalogKey];
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var keys = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        _locations[path] = LocationOf(mapping);
        foreach (var (key, value) in mapping.Entries)
        {
            var fieldPath = Join(path, key.Value);
            if (known is not null && !known.Contains(key.Value))
            {
                Error(key, fieldPath, UnknownField(key.Value, known));
            }
            else if (keys.TryGetValue(key.Value, out var first))
            {
                Error(key, fieldPath, $"duplicate key \"{key.Value}\" (first at line {first.Line})");
            }
            else
            {
                keys[key.Value] = key;
                values[key.Value] = value;
                _locations[fieldPath] = LocationOf(value);
            }
        }

        return new MappingFields(this, mapping, path, catalogKey ?? consumedAs, values);
    }

    /// <summary>Checks that <paramref name="node"/> is a sequence and returns its items with their paths.</summary>
    private List<(YamlNode Node, string Path, int Index)> Items(YamlNode node, string path)
    {
        if (node is not YamlSequence sequence)
        {
            Error(node, path, $"expected a sequence, found {Describe(node)}");
            return [];
        }

        var items = new List<(YamlNode Node, string Path, int Index)>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            _locations[itemPath] = LocationOf(sequence.Items[i]);
            items.Add((sequence.Items[i], itemPath, i));
        }

        return items;
    }

    private static string UnknownField(string key, IReadOnlySet<string> known) =>
        NearestName.Of(key, known) is { } suggestion ? $"unknown field \"{key}\" (did you mean \"{suggestion}\"?)" : $"unknown field \"{key}\"";

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private SourceLocation LocationOf(YamlNode node) => new(_file, node.Line, node.Column);

    private void Error(YamlNode node, string path, string message)
    {
        _errors++;
        _diagnostics.Add(new PolicyDiagnostic(DiagnosticSeverity.Error, LocationOf(node), path, message));
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    internal static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    internal static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    internal static partial Regex MetricName();
}
