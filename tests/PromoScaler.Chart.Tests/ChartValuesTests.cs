using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace PromoScaler.Chart.Tests;

/// <summary>values.schema.json covers every value and refuses wrong ones; the README's values table is current.</summary>
public sealed class ChartValuesTests
{
    private static string ValuesYaml => File.ReadAllText(Path.Combine(Helm.ChartDirectory, "values.yaml"));

    private static JsonNode Schema => JsonNode.Parse(File.ReadAllText(Path.Combine(Helm.ChartDirectory, "values.schema.json")))!;

    [Fact]
    public void Schema_EveryKeyOfValuesYaml_IsDeclared()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(ValuesYaml));

        var missing = Keys((YamlMappingNode)stream.Documents[0].RootNode, Schema, "").ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Values_EveryKeyWithADefault_IsDocumented()
    {
        var documented = ValuesTable.Documented(ValuesYaml).Select(row => string.Join('.', row.Path)).ToHashSet();
        var stream = new YamlStream();
        stream.Load(new StringReader(ValuesYaml));

        var leaves = Leaves((YamlMappingNode)stream.Documents[0].RootNode, "").ToList();

        var undocumented = leaves.Where(leaf => !documented.Any(d => leaf == d || leaf.StartsWith(d + ".", StringComparison.Ordinal))).ToList();
        Assert.True(undocumented.Count == 0, "values without a # -- comment: " + string.Join(", ", undocumented));
    }

    [Theory]
    [InlineData("replicaCount=two", "at '/replicaCount': got string, want integer")]
    [InlineData("replicaCount=0", "at '/replicaCount': minimum")]
    [InlineData("admin.port=70000", "at '/admin/port': maximum")]
    [InlineData("image.pullPolicy=Sometimes", "at '/image/pullPolicy': value must be one of")]
    [InlineData("prometheusRule.enabled=yes", "at '/prometheusRule/enabled': got string, want boolean")]
    [InlineData("stateStore.kind=redis", "at '/stateStore/kind': value must be one of 'configmap', 'file'")]
    [InlineData("networkPolicy.egress.apiServer.cidrs={10.0.0.1}", "at '/networkPolicy/egress/apiServer/cidrs/0'")]
    [InlineData("dryrun=true", "additional properties 'dryrun' not allowed")]
    [InlineData("persistence.enabled=true", "at '/stateStore/kind': value must be 'file'")]
    public void Render_WrongValue_FailsOnTheSchemaNamingTheField(string value, string message)
    {
        var result = Helm.Template(value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ValuesTable_IsGeneratedFromTheCurrentValues()
    {
        var path = Path.Combine(Helm.ChartDirectory, "README.md");
        var readme = File.ReadAllText(path);
        var expected = ValuesTable.Replace(readme, ValuesTable.Generate(ValuesYaml, Schema));
        if (Environment.GetEnvironmentVariable("PROMOSCALER_UPDATE_VALUES_TABLE") == "1")
        {
            File.WriteAllText(path, expected);
            readme = expected;
        }

        Assert.True(
            expected == readme,
            "charts/promoscaler/README.md's values table is stale: regenerate it with "
            + "PROMOSCALER_UPDATE_VALUES_TABLE=1 dotnet test tests/PromoScaler.Chart.Tests --filter Readme_ValuesTable");
    }

    /// <summary>Keys of <paramref name="mapping"/> the schema does not declare, down to free-form objects.</summary>
    private static IEnumerable<string> Keys(YamlMappingNode mapping, JsonNode schema, string prefix)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            var declared = schema["properties"]?[key];
            if (declared is null)
            {
                yield return prefix + key;
            }
            else if (value is YamlMappingNode child && declared["properties"] is not null)
            {
                foreach (var missing in Keys(child, declared, prefix + key + "."))
                {
                    yield return missing;
                }
            }
        }
    }

    private static IEnumerable<string> Leaves(YamlMappingNode mapping, string prefix)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var path = prefix + ((YamlScalarNode)keyNode).Value;
            if (value is YamlMappingNode { Children.Count: > 0 } child)
            {
                foreach (var leaf in Leaves(child, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
