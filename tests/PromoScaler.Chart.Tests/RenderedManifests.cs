using YamlDotNet.RepresentationModel;

namespace PromoScaler.Chart.Tests;

/// <summary>The documents of a <c>helm template</c> output, read as YAML trees.</summary>
internal sealed class RenderedManifests
{
    private readonly List<YamlMappingNode> _documents;

    private RenderedManifests(List<YamlMappingNode> documents) => _documents = documents;

    public static RenderedManifests Parse(HelmResult result)
    {
        Assert.True(result.ExitCode == 0, result.Describe());
        var stream = new YamlStream();
        stream.Load(new StringReader(result.Output));
        var documents = stream.Documents
            .Select(document => document.RootNode)
            .OfType<YamlMappingNode>()
            .ToList();
        return new RenderedManifests(documents);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) =>
        _documents.Where(document => Scalar(document, "kind") == kind);

    public YamlMappingNode Single(string kind) => Assert.Single(OfKind(kind));

    public IEnumerable<string> Kinds => _documents.Select(document => Scalar(document, "kind") ?? "");

    public static string? Scalar(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static IEnumerable<string> Strings(YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "") : [];

    /// <summary>Every RBAC rule of the Roles and ClusterRoles, with the role's kind and namespace.</summary>
    public IEnumerable<RbacRule> Rules() =>
        OfKind("Role").Concat(OfKind("ClusterRole")).SelectMany(role =>
            (Node(role, "rules") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().Select(rule => new RbacRule(
                Scalar(role, "kind")!,
                Scalar(role, "metadata", "namespace"),
                Strings(Node(rule, "apiGroups")).ToList(),
                Strings(Node(rule, "resources")).ToList(),
                Strings(Node(rule, "verbs")).ToList(),
                Strings(Node(rule, "resourceNames")).ToList(),
                Scalar(role, "metadata", "name") ?? string.Empty)) ?? []);
}

internal sealed record RbacRule(
    string RoleKind,
    string? Namespace,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ResourceNames,
    string RoleName = "");
