using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Testing.Metrics;
using YamlDotNet.RepresentationModel;

namespace PromoScaler.Daemon.Tests.Telemetry;

/// <summary>
/// Every metric the alert rules and the Grafana dashboard query exists in the /metrics of a running daemon, with the
/// labels the query selects or groups by. The daemon runs a predicting policy inside an active pre-warm window whose
/// floor maxReplicas clips, with a floor override, and a paused one whose latest edit is rejected, so every per-policy
/// series (flags are exported only while 1) is there to scrape; a sharded replica adds the sharding series (exported
/// only with shards).
/// </summary>
public sealed partial class ScrapedMetricsTests
{
    /// <summary>Labels the scrape adds (Kubernetes service discovery) and histogram buckets carry.</summary>
    private static readonly HashSet<string> ScrapeLabels = ["namespace", "job", "pod", "instance", "le"];

    [Fact]
    public async Task RulesAndDashboard_EveryMetricTheyQuery_IsScrapedWithTheLabelsTheyUse()
    {
        var exported = Parse(await ScrapeRunningDaemonAsync());
        foreach (var (name, labels) in Parse(await ScrapeShardedReplicaAsync()))
        {
            exported[name] = exported.TryGetValue(name, out var seen) ? [.. seen, .. labels] : labels;
        }

        var queries = RuleExpressions().Concat(DashboardExpressions()).ToList();
        Assert.True(queries.Count > 25, $"only {queries.Count} queries found");

        var problems = queries.SelectMany(query => Problems(query, exported)).Distinct().ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static IEnumerable<string> Problems(string query, Dictionary<string, HashSet<string>> exported)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match selector in Selector().Matches(query))
        {
            var name = selector.Groups[1].Value;
            if (!exported.TryGetValue(name, out var labels))
            {
                yield return $"{name} is not exported (query: {query})";
                continue;
            }

            used.UnionWith(labels);
            foreach (Match matcher in Matcher().Matches(selector.Groups[2].Value))
            {
                if (!labels.Contains(matcher.Groups[1].Value))
                {
                    yield return $"{name} has no label {matcher.Groups[1].Value} (query: {query})";
                }
            }
        }

        foreach (Match grouping in Grouping().Matches(query))
        {
            foreach (var label in grouping.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!used.Contains(label) && !ScrapeLabels.Contains(label))
                {
                    yield return $"no metric of the query has the label {label} it groups by (query: {query})";
                }
            }
        }
    }

    private static async Task<string> ScrapeRunningDaemonAsync()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("policies"));
        var now = TimeProvider.System.GetUtcNow();
        var sale = (now + TimeSpan.FromMinutes(5)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        File.WriteAllText(directory.File("policies/checkout.yaml"), DaemonPolicyYaml.Policy("checkout", extraSpec: $$"""
              startup: 1m
              prediction:
                model: seasonalNaive
                metric: rps
                history: 2d
                season: 1d
                step: 1m
                trust: { window: 2h, maxError: 90%, gate: error }
              prewarm:
                - name: sale
                  start: {{sale}}
                  lead: 10m
                  replicas: 80
                  hold: 30m
                  rampDown: 10m
            """));
        File.WriteAllText(directory.File("policies/search.yaml"), DaemonPolicyYaml.Policy("search"));
        const string Token = "scrape-test-token";
        File.WriteAllText(directory.File("tokens"), "ops operator sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Token))) + "\n");
        var metrics = new FakeMetricSource();
        metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
        metrics.Set(DaemonPolicyYaml.Query("search"), 150);
        var targets = new RecordingTargetProvider();
        var configuration = DaemonConfiguration.Build(new DaemonCommandLine(
            Policies: directory.File("policies"), Prometheus: new Uri("http://127.0.0.1:1"), StateFile: directory.File("state.json"),
            Urls: "http://127.0.0.1:0", TokenFile: directory.File("tokens")));
        await using var app = DaemonHost.Build(configuration, services =>
        {
            services.AddSingleton(global::Prometheus.Metrics.NewCustomRegistry());
            services.AddSingleton<IMetricSource>(metrics);
            services.AddSingleton<IMetricHistory>(new FunctionMetricHistory(_ => 1500));
            services.AddSingleton<IScaleTargetProvider>(targets);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await WaitForAsync(() => targets.Targets.TryGetValue("checkout", out var t) && t.Writes.Count > 0);

        await PostAsync(http, "/api/v1/policies/search/pause", """{"for":"2h","reason":"scrape test"}""");
        await PostAsync(http, "/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":4,"for":"1h","reason":"scrape test"}""");
        File.WriteAllText(directory.File("policies/search.yaml"), DaemonPolicyYaml.Policy("search").Replace("targetPerReplica: 100", "targetPerReplica: 100\n      bogus: 1", StringComparison.Ordinal));
        app.Services.GetRequiredService<PolicyCatalog>().Reload();
        var loop = app.Services.GetRequiredService<EvaluationLoop>();
        var writes = targets.Targets["checkout"].Writes.Count;
        loop.RequestEvaluation("checkout", TimeProvider.System.GetUtcNow());
        loop.RequestEvaluation("search", TimeProvider.System.GetUtcNow());
        var exported = "";
        await WaitForAsync(() =>
        {
            exported = http.GetStringAsync("/metrics").GetAwaiter().GetResult();
            return exported.Contains("promoscaler_policy_paused_until_timestamp_seconds{policy=\"search\"}", StringComparison.Ordinal)
                && exported.Contains("promoscaler_policy_override_expiry_timestamp_seconds{policy=\"checkout\",kind=\"floor\"}", StringComparison.Ordinal)
                && exported.Contains("promoscaler_policy_reload_rejected{policy=\"search\"}", StringComparison.Ordinal)
                && exported.Contains("promoscaler_policy_clipped{policy=\"checkout\",limit=\"maxReplicas\"}", StringComparison.Ordinal);
        });
        await app.StopAsync();
        Assert.True(writes > 0);
        return exported;
    }

    // One replica of three shards against the in-process API server, once it holds them all.
    private static async Task<string> ScrapeShardedReplicaAsync()
    {
        var scene = new ShardedScrape();
        await scene.InitializeAsync();
        try
        {
            var replica = await scene.StartReplicaAsync("replica-a");
            await scene.BalancedAsync();
            await replica.Daemon.TickAsync();
            using var text = new MemoryStream();
            await replica.Daemon.Registry.CollectAndExportAsTextAsync(text);
            return Encoding.UTF8.GetString(text.ToArray());
        }
        finally
        {
            await scene.DisposeAsync();
        }
    }

    private sealed class ShardedScrape : ShardedScene;

    private static async Task PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Sample name to the label names seen on its samples, from the exposition text.</summary>
    private static Dictionary<string, HashSet<string>> Parse(string exposition)
    {
        var samples = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var name = Regex.Match(line, "^[a-zA-Z_:][a-zA-Z0-9_:]*").Value;
            var labels = samples.TryGetValue(name, out var seen) ? seen : samples[name] = [];
            foreach (Match label in Regex.Matches(line, "([a-zA-Z_][a-zA-Z0-9_]*)=\""))
            {
                labels.Add(label.Groups[1].Value);
            }
        }

        return samples;
    }

    private static IEnumerable<string> RuleExpressions()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Checkout.Root, "charts", "promoscaler", "alerts", "promoscaler-rules.yaml"))));
        return ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["groups"]).Children
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Children)
            .Select(rule => ((YamlScalarNode)rule["expr"]).Value!);
    }

    private static IEnumerable<string> DashboardExpressions()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Checkout.Root, "charts", "promoscaler", "dashboards", "promoscaler.json")))!;
        var panels = dashboard["panels"]!.AsArray().SelectMany(panel => panel!["targets"]!.AsArray()).Select(target => (string)target!["expr"]!);
        var annotations = dashboard["annotations"]!["list"]!.AsArray().Select(annotation => (string)annotation!["expr"]!);
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => (string?)v!["definition"]).OfType<string>();
        return panels.Concat(annotations).Concat(variables);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "timed out waiting for the daemon");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    [GeneratedRegex(@"(promoscaler_[a-z_]+)(\{[^}]*\})?")]
    private static partial Regex Selector();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\b(?:by|on|without|ignoring)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();
}
