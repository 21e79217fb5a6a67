using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Cli;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;
using Spectre.Console.Testing;

namespace PromoScaler.Daemon.Tests.EndToEnd;

/// <summary>
/// The on-call and CI front door against a real daemon: the admin API on the daemon's listener, driven by the
/// <c>promoscaler</c> client commands, changing what the daemon writes to an in-process Kubernetes API server, and
/// kept over a restart (overrides, runtime pre-warms, audit and history in the state document).
/// </summary>
public sealed class OnCallEndToEndTests : ClusterScene
{
    private const string Operator = "op-5e1d2c3b4a59687766554433221100ff";
    private const string Ci = "ci-00112233445566778899aabbccddeeff";
    private const string Viewer = "vw-ffeeddccbbaa99887766554433221100";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private Dictionary<string, string?> _settings = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var tokens = Scratch.File("tokens");
        await File.WriteAllTextAsync(tokens, $"""
            alice operator {Hash(Operator)}
            release-pipeline ci {Hash(Ci)}
            dashboard viewer {Hash(Viewer)}

            """);
        _settings = new() { ["Admin:Api:TokenFile"] = tokens };
    }

    [Fact]
    public async Task ClientCommands_ChangeWhatTheDaemonWrites_AndARestartKeepsOverridesPrewarmsAuditAndHistory()
    {
        await using (var daemon = ClusterDaemon.Create(Server, Scratch, Policies, T0, _settings))
        {
            daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
            var server = await daemon.StartAsync();
            var decisions = daemon.Services.GetRequiredService<DecisionLog>();
            await EventuallyAsync(() => decisions.Latest("checkout") is not null);

            var status = await RunAsync(server, Viewer, "status", "--output", "json");
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("checkout", status.Out, StringComparison.Ordinal);
            using (JsonDocument.Parse(status.Out))
            {
                // Parses: JSON output is the API's document.
            }

            Assert.Equal(3, (await RunAsync(server, Viewer, "override", "set", "checkout", "--replicas", "7", "--for", "1h", "--reason", "sale")).ExitCode);
            Assert.Equal(3, (await RunAsync(server, "xx-not-a-token", "status")).ExitCode);

            var pinned = await RunAsync(server, Operator, "override", "set", "checkout", "--replicas", "7", "--for", "1h", "--reason", "checkout incident 4711");
            Assert.True(pinned.ExitCode == 0, pinned.Err);
            await AdvanceUntilAsync(daemon, () => Replicas() == 7);

            var explain = await RunAsync(server, Viewer, "explain", "checkout");
            Assert.Equal(0, explain.ExitCode);
            Assert.Contains("7", explain.Out, StringComparison.Ordinal);

            var at = (daemon.Time.GetUtcNow() + TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            string[] prewarm = ["prewarm", "add", "checkout", "--name", "black-friday", "--at", at, "--replicas", "12", "--lead", "30m"];
            Assert.Equal(0, (await RunAsync(server, Ci, prewarm)).ExitCode);
            Assert.Equal(0, (await RunAsync(server, Ci, prewarm)).ExitCode);
            Assert.Equal(5, (await RunAsync(server, Ci, [.. prewarm[..^1], "45m"])).ExitCode);
            Assert.Single(daemon.Services.GetRequiredService<OperatorIntentBook>().For("checkout").Prewarms);

            var audit = await RunAsync(server, Operator, "audit", "--output", "json");
            Assert.Equal(0, audit.ExitCode);
            Assert.Contains("checkout incident 4711", audit.Out, StringComparison.Ordinal);
            await daemon.StopAsync();
        }

        await using var restarted = ClusterDaemon.Create(Server, Scratch, Policies, T0 + TimeSpan.FromMinutes(5), _settings);
        restarted.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
        var again = await restarted.StartAsync();
        var book = restarted.Services.GetRequiredService<OperatorIntentBook>();
        await EventuallyAsync(() => book.For("checkout").Prewarms.Count == 1);

        Assert.Single(book.For("checkout").ActiveOverrides(restarted.Time.GetUtcNow()));
        var history = await RunAsync(again, Viewer, "history", "checkout", "--since", "1h", "--output", "json");
        Assert.Equal(0, history.ExitCode);
        Assert.Contains("\"desired\": 7", history.Out.Replace("\"desired\":7", "\"desired\": 7", StringComparison.Ordinal), StringComparison.Ordinal);
        var list = await RunAsync(again, Ci, "prewarm", "list", "--output", "json");
        Assert.Contains("black-friday", list.Out, StringComparison.Ordinal);
        await AdvanceUntilAsync(restarted, () => Replicas() == 7);
        await restarted.StopAsync();
    }

    [Fact]
    public async Task PrewarmAddWait_ReturnsOnceTheDeploymentRunsTheFloor()
    {
        await using var daemon = ClusterDaemon.Create(Server, Scratch, Policies, T0, _settings);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
        var server = await daemon.StartAsync();
        var decisions = daemon.Services.GetRequiredService<DecisionLog>();
        await EventuallyAsync(() => decisions.Latest("checkout") is not null);
        var at = (daemon.Time.GetUtcNow() + TimeSpan.FromMinutes(10)).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        // The CI step: the floor applies from at - lead, which is now; --wait polls on the real clock while the
        // daemon's clock moves an interval at a time.
        var wait = RunAsync(server, Ci, "prewarm", "add", "checkout", "--name", "launch", "--at", at, "--replicas", "9", "--lead", "30m", "--wait", "--timeout", "2m");
        await AdvanceUntilAsync(daemon, () => wait.IsCompleted);
        var result = await wait;

        Assert.True(result.ExitCode == 0, result.Out + result.Err);
        Assert.Equal(9, Replicas());
        await daemon.StopAsync();
    }

    [Fact]
    public async Task Follower_RefusesChangesWith503NamingTheLeader_AndChangesNothing()
    {
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["State:Kind"] = "configmap",
            ["LeaderElection:Enabled"] = "true",
            ["LeaderElection:Namespace"] = "shop",
            ["LeaderElection:LeaseDuration"] = "00:00:03",
            ["LeaderElection:RenewDeadline"] = "00:00:02",
            ["LeaderElection:RetryPeriod"] = "00:00:00.200",
        };
        Server.Put(BuiltInResources.Leases, new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "promoscaler", ["namespace"] = "shop" },
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["holderIdentity"] = "promoscaler-0",
                ["leaseDurationSeconds"] = 3600,
                ["acquireTime"] = "2026-11-25T11:59:00.000000Z",
                ["renewTime"] = "2099-01-01T00:00:00.000000Z",
            },
        });
        await using var daemon = ClusterDaemon.Create(Server, Scratch, Policies, T0, settings);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
        var server = await daemon.StartAsync();
        await EventuallyAsync(() => daemon.Leadership.IsLeader == false);

        using var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Operator);
        var answer = await client.PostAsync(
            new Uri("api/v1/policies/checkout/pause", UriKind.Relative),
            new StringContent("""{"reason":"incident","for":"1h"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("send changes to the leader promoscaler-0", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(daemon.Services.GetRequiredService<OperatorIntentBook>().For("checkout").Pause);
        await daemon.StopAsync();
    }

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(Uri server, string token, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 100;
        var errors = new TestConsole();
        errors.Profile.Width = 1000;
        var exit = await Program.RunAsync([.. args, "--server", server.ToString(), "--token", token], console, TimeProvider.System, errors);
        return (exit, console.Output, errors.Output);
    }

    /// <summary>Moves the daemon's clock an interval at a time (each lets its loop tick) until <paramref name="condition"/>.</summary>
    private static async Task AdvanceUntilAsync(ClusterDaemon daemon, Func<bool> condition)
    {
        for (var i = 0; i < 40 && !condition(); i++)
        {
            daemon.Time.Advance(Interval);
            await EventuallyAsync(condition, TimeSpan.FromMilliseconds(250), fail: false);
        }

        Assert.True(condition(), "not reached after 40 intervals");
    }

    private static string Hash(string token) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
