using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PromoScaler.Chart.Tests;

/// <summary>The alert rules (plain file and rendered PrometheusRule) and the Grafana dashboard, checked by promtool.</summary>
public sealed partial class ChartMonitoringTests
{
    private static string AlertsDirectory => Path.Combine(Helm.ChartDirectory, "alerts");

    private static string RulesFile => Path.Combine(AlertsDirectory, "promoscaler-rules.yaml");

    [Fact]
    public void Rules_PlainFile_PassesPromtoolCheck()
    {
        var result = Promtool.Run(AlertsDirectory, "check", "rules", "promoscaler-rules.yaml");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"SUCCESS: {Alerts(File.ReadAllText(RulesFile)).Count} rules found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_UnitTests_PassAndCoverEveryAlertFiringAndSilent()
    {
        var result = Promtool.Run(AlertsDirectory, "test", "rules", "promoscaler-rules.test.yaml");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var tests = Load(File.ReadAllText(Path.Combine(AlertsDirectory, "promoscaler-rules.test.yaml")));
        var cases = ((YamlSequenceNode)tests["tests"]).Children.OfType<YamlMappingNode>()
            .SelectMany(test => ((YamlSequenceNode)test["alert_rule_test"]).Children.OfType<YamlMappingNode>())
            .Select(c => (Alert: ((YamlScalarNode)c["alertname"]).Value!, Fires: ((YamlSequenceNode)c["exp_alerts"]).Children.Count > 0))
            .ToList();
        foreach (var alert in Alerts(File.ReadAllText(RulesFile)).Select(a => a.Name))
        {
            Assert.True(cases.Contains((alert, true)), $"{alert} has no unit test where it fires");
        }

        // Every test file case with exp_alerts lists the policies that must stay silent beside those that fire.
        Assert.Contains(cases, c => !c.Fires);
    }

    [Fact]
    public void Rules_EveryAlert_HasSummaryDescriptionNamingItsSubjectAndARunbookSectionOfTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(Helm.ChartDirectory, "..", "..", "README.md"));
        var anchors = readme.Split('\n').Where(line => line.StartsWith('#')).Select(Slug).ToHashSet();

        foreach (var alert in Alerts(File.ReadAllText(RulesFile)))
        {
            Assert.False(string.IsNullOrWhiteSpace(alert.Summary), alert.Name);
            var subject = alert.Expression.Contains("by (policy", StringComparison.Ordinal) ? "{{ $labels.policy }}" : "";
            Assert.Contains(subject, alert.Description, StringComparison.Ordinal);
            var link = new Uri(alert.RunbookUrl);
            Assert.True(anchors.Contains(link.Fragment.TrimStart('#')), $"{alert.Name}: README.md has no section #{link.Fragment.TrimStart('#')}");
        }
    }

    [Fact]
    public void PrometheusRule_Rendered_HoldsTheFilesRulesAndPassesPromtool()
    {
        var manifests = RenderedManifests.Parse(Helm.Template(
            "prometheusRule.enabled=true", "prometheusRule.additionalAlertLabels.team=sre", "prometheusRule.runbookBaseUrl=https://wiki.example/promoscaler"));
        var rule = manifests.Single("PrometheusRule");
        var groups = new YamlMappingNode { { "groups", RenderedManifests.Node(rule, "spec", "groups")! } };
        var file = Path.Combine(Path.GetTempPath(), $"promoscaler-rendered-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, Serialize(groups));
        try
        {
            var result = Promtool.Run(Path.GetTempPath(), "check", "rules", file);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            File.Delete(file);
        }

        var rendered = Alerts(Serialize(groups));
        var plain = Alerts(File.ReadAllText(RulesFile));
        Assert.Equal(plain.Select(a => (a.Name, a.Expression)), rendered.Select(a => (a.Name, a.Expression)));
        Assert.All(rendered, a => Assert.StartsWith("https://wiki.example/promoscaler#", a.RunbookUrl, StringComparison.Ordinal));
        Assert.All(rendered, a => Assert.Equal("sre", a.Labels["team"]));
        Assert.All(rendered, a => Assert.True(a.Labels.ContainsKey("severity")));
    }

    [Fact]
    public void PrometheusRuleAndDashboard_OffByDefault()
    {
        var manifests = RenderedManifests.Parse(Helm.Template());

        Assert.Empty(manifests.OfKind("PrometheusRule"));
        Assert.DoesNotContain(manifests.OfKind("ConfigMap"), map => RenderedManifests.Scalar(map, "metadata", "name") == "ps-promoscaler-dashboard");
    }

    [Fact]
    public void Dashboard_ConfigMap_CarriesTheSidecarLabelAndTheDashboardVerbatim()
    {
        var manifests = RenderedManifests.Parse(Helm.Template("grafanaDashboard.enabled=true", "grafanaDashboard.namespace=monitoring", "grafanaDashboard.folder=Autoscaling"));

        var map = manifests.OfKind("ConfigMap").Single(m => RenderedManifests.Scalar(m, "metadata", "name") == "ps-promoscaler-dashboard");
        Assert.Equal("monitoring", RenderedManifests.Scalar(map, "metadata", "namespace"));
        Assert.Equal("1", RenderedManifests.Scalar(map, "metadata", "labels", "grafana_dashboard"));
        Assert.Equal("Autoscaling", RenderedManifests.Scalar(map, "metadata", "annotations", "grafana_folder"));
        var json = RenderedManifests.Scalar(map, "data", "promoscaler.json")!;
        Assert.Equal(File.ReadAllText(DashboardFile).TrimEnd('\n'), json);
    }

    [Fact]
    public void Dashboard_EveryQuery_ParsesAsPromQL()
    {
        var queries = DashboardQueries().ToList();
        var rules = new YamlSequenceNode();
        for (var i = 0; i < queries.Count; i++)
        {
            rules.Add(new YamlMappingNode { { "record", $"dashboard:query_{i}" }, { "expr", Substitute(queries[i]) } });
        }

        var file = Path.Combine(Path.GetTempPath(), $"promoscaler-dashboard-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, Serialize(new YamlMappingNode { { "groups", new YamlSequenceNode(new YamlMappingNode { { "name", "dashboard" }, { "rules", rules } }) } }));
        try
        {
            var result = Promtool.Run(Path.GetTempPath(), "check", "rules", file);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.True(queries.Count >= 15, $"only {queries.Count} queries found in the dashboard");
    }

    [Fact]
    public void Dashboard_HasThePolicyVariableAndPrewarmAnnotations()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(DashboardFile))!;

        var variable = dashboard["templating"]!["list"]!.AsArray().Single(v => (string?)v!["name"] == "policy")!;
        Assert.True((bool)variable["multi"]!);
        var annotation = dashboard["annotations"]!["list"]!.AsArray().Single()!;
        Assert.Contains("promoscaler_policy_prewarm_active", (string)annotation["expr"]!, StringComparison.Ordinal);
    }

    internal static string DashboardFile => Path.Combine(Helm.ChartDirectory, "dashboards", "promoscaler.json");

    /// <summary>Every PromQL expression of the dashboard: panel targets and annotations.</summary>
    internal static IEnumerable<string> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(DashboardFile))!;
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]!.AsArray())
            {
                yield return (string)target!["expr"]!;
            }
        }

        foreach (var annotation in dashboard["annotations"]!["list"]!.AsArray())
        {
            yield return (string)annotation!["expr"]!;
        }
    }

    /// <summary>Grafana's variables replaced by what Grafana sends: the policy regex and a range.</summary>
    internal static string Substitute(string query) =>
        query.Replace("$policy", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal);

    internal static List<Alert> Alerts(string yaml)
    {
        var root = Load(yaml);
        return [.. ((YamlSequenceNode)root["groups"]).Children.OfType<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Children.OfType<YamlMappingNode>())
            .Select(rule => new Alert(
                Text(rule, "alert"),
                Text(rule, "expr").Trim(),
                Text((YamlMappingNode)rule["annotations"], "summary"),
                Text((YamlMappingNode)rule["annotations"], "description"),
                Text((YamlMappingNode)rule["annotations"], "runbook_url"),
                ((YamlMappingNode)rule["labels"]).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!)))];
    }

    private static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? "" : "";

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Serialize(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Slug(string heading) =>
        NotSlug().Replace(heading.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex("[^a-z0-9 _-]")]
    private static partial Regex NotSlug();

    internal sealed record Alert(string Name, string Expression, string Summary, string Description, string RunbookUrl, Dictionary<string, string> Labels);
}
