using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Daemon.Tests.Catalog;

/// <summary>The status written back to ScalingPolicy objects, read with the real kubectl.</summary>
public sealed class PolicyStatusTests : ScalingPolicyScene
{
    [Fact]
    public async Task Status_AfterATick_KubectlGetShowsLiveColumnsAndDescribeShowsConditionsAndEvents()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        var kubectl = new Kubectl(daemon.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Kubernetes:Kubeconfig"]!);
        var row = kubectl.Run("get", "sp", "-A").Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The daemon's own loop may tick once more before kubectl reads (the pods of the scale-up are then ready):
        // the status follows the newest tick, so CURRENT and REASON are those of the scale or of a tick after it.
        Assert.Equal(["shop", "search", "Deployment/search"], row[..3]);
        Assert.Contains(row[3], new[] { "2", "6" });
        Assert.Equal("6", row[4]);
        Assert.Equal("target", row[6]);
        var described = kubectl.Run("describe", "sp", "search").Output;
        Assert.Matches(@"Type:\s+Ready", described);
        Assert.Matches(@"Type:\s+Valid", described);
        Assert.True(described.Contains("SuccessfulRescale", StringComparison.Ordinal), described + string.Join("\n", daemon.Logged(6025)));
        Assert.Contains("New size: 6", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Unchanged_IsNotWrittenAgain()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 200);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, await Writer(daemon).WriteOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Status_Written_DoesNotReloadThePolicyItWasWrittenFor()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();
        var feed = daemon.Services.GetRequiredService<IPolicyObjectFeed>();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        var before = (catalog.Current.Generation, Policy: catalog.Current.Policies.Single(), Applied: daemon.Logged(6020).Count);

        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));
        var written = (string?)Server.Get(PolicyType, "shop", "search")!["metadata"]!["resourceVersion"];
        await EventuallyAsync(() => feed.Objects.Single().ResourceVersion == written);
        catalog.Reload();

        Assert.Same(before.Policy, catalog.Current.Policies.Single());
        Assert.Equal((before.Generation, before.Applied), (catalog.Current.Generation, daemon.Logged(6020).Count));
    }

    [Fact]
    public async Task Status_InvalidEdit_ValidFalseWithTheValidateMessageAndAWarningEvent()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();
        Server.Update(PolicyType, "shop", "search", o => o["spec"]!["guardrails"]!["minReplicas"] = 80);
        await EventuallyAsync(() => catalog.Verdicts.TryGetValue("shop/search", out var v) && !v.Valid);

        await Writer(daemon).WriteOnceAsync(CancellationToken.None);

        var status = Server.Get(PolicyType, "shop", "search")!["status"]!;
        var valid = status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Valid")!;
        Assert.Equal("False", (string?)valid["status"]);
        Assert.StartsWith(catalog.Verdicts["shop/search"].Errors[0], (string?)valid["message"], StringComparison.Ordinal);
        Assert.Contains("generation 1 keeps running", (string?)valid["message"], StringComparison.Ordinal);
        Assert.Equal(2, (long?)status["observedGeneration"]);
        Assert.Contains(Server.List(BuiltInResources.CoreEvents, "shop"), e => (string?)e["reason"] == "InvalidPolicy");
    }

    [Fact]
    public async Task Status_Follower_WritesNothing()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync(replace: s => s.AddSingleton<ILeadership>(new SteppedLeadership(false)));

        Assert.Equal(0, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        Assert.Null(Server.Get(PolicyType, "shop", "search")!["status"]);
        Assert.DoesNotContain(Server.Requests.All, r => r.Path.EndsWith("/status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_WriteRefused_IsLoggedAndRetriedNextRound()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        Server.Faults.Fail("PATCH", "/apis/promoscaler.io/v1/namespaces/shop/scalingpolicies/search/status", 429, times: 1);

        await Writer(daemon).WriteOnceAsync(CancellationToken.None);
        Assert.Contains(daemon.Logged(6025), l => l.Contains("429", StringComparison.Ordinal) || l.Contains("throttling", StringComparison.Ordinal));
        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        Assert.NotNull(Server.Get(PolicyType, "shop", "search")!["status"]);
    }

    [Fact]
    public async Task Status_OverrideAndPauseInForce_CarryOwnerAndUntil_AndOverriddenSaysWho()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 200);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15)); // the first round restores the intent from the state
        var book = daemon.Services.GetRequiredService<OperatorIntentBook>();
        var now = daemon.Time.GetUtcNow();
        var commit = await book.ChangeAsync("search", "alice", (intent, at) => new IntentEdit(
            intent with
            {
                Pause = new PauseRecord("bob", "incident 42", at, at + TimeSpan.FromHours(2)),
                Overrides = [new OperatorOverride(OverrideKind.Pin, 12, "alice", "flash sale", at + TimeSpan.FromMinutes(30))],
            },
            new AuditDraft("override", null, "flash sale", null, null)), CancellationToken.None);
        Assert.True(commit.Persisted, commit.Problem);

        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        var status = Server.Get(PolicyType, "shop", "search")!["status"]!;
        Assert.Equal(("pin", 12, "alice", "flash sale", Time(now + TimeSpan.FromMinutes(30))), Fields(status["override"]!));
        Assert.Equal(("bob", "incident 42", Time(now + TimeSpan.FromHours(2))), ((string?)status["paused"]!["owner"], (string?)status["paused"]!["reason"], (string?)status["paused"]!["until"]));
        var overridden = Condition(status, "Overridden");
        Assert.Equal(("True", "Paused"), ((string?)overridden["status"], (string?)overridden["reason"]));
        Assert.Contains("paused by bob until " + Time(now + TimeSpan.FromHours(2)), (string?)overridden["message"], StringComparison.Ordinal);
        Assert.Contains("pin 12 by alice until " + Time(now + TimeSpan.FromMinutes(30)), (string?)overridden["message"], StringComparison.Ordinal);
        Assert.Contains("paused", (string?)status["mode"], StringComparison.Ordinal);

        // Both over: the next round (the test's, or the writer's own that the clock's jump lets run) removes them.
        daemon.Time.Advance(TimeSpan.FromHours(3));
        await Writer(daemon).WriteOnceAsync(CancellationToken.None);
        status = Server.Get(PolicyType, "shop", "search")!["status"]!;
        Assert.Null(status["override"]);
        Assert.Null(status["paused"]);
        Assert.Equal(("False", "NoOverride"), ((string?)Condition(status, "Overridden")["status"], (string?)Condition(status, "Overridden")["reason"]));
    }

    [Fact]
    public async Task Events_LeaderDeposedDuringTheRound_WritesNoEventAfterIt()
    {
        Server.Put(PolicyType, Policy("search"));
        var leadership = new ToggledLeadership();
        await using var daemon = await StartAsync(replace: s => s.AddSingleton<ILeadership>(leadership));
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(6, Replicas("search")); // scaled, by this round or the loop's own: a SuccessfulRescale Event is due
        // The status patch is slow; the lease is lost while it is in flight, before the SuccessfulRescale Event.
        var slow = Server.Faults.Delay("PATCH", "/apis/promoscaler.io/v1/namespaces/shop/scalingpolicies/search/status", TimeSpan.FromSeconds(1), times: 1);

        var round = Writer(daemon).WriteOnceAsync(CancellationToken.None);
        await EventuallyAsync(() => slow.Hits == 1);
        leadership.Leading = false;
        await round;

        Assert.NotNull(Server.Get(PolicyType, "shop", "search")!["status"]);
        Assert.DoesNotContain(Server.List(BuiltInResources.CoreEvents, "shop"), e => (string?)e["involvedObject"]?["kind"] == "ScalingPolicy");
    }

    private static (string?, int?, string?, string?, string?) Fields(JsonNode o) =>
        ((string?)o["kind"], (int?)o["replicas"], (string?)o["owner"], (string?)o["reason"], (string?)o["until"]);

    private static JsonNode Condition(JsonNode status, string type) => status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == type)!;

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
