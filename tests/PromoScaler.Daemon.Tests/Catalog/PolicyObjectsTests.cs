using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Daemon.Tests.Catalog;

/// <summary>ScalingPolicy objects as a policy source: the real daemon watching the in-process API server.</summary>
public sealed class PolicyObjectsTests : ScalingPolicyScene
{
    [Fact]
    public async Task Object_Applied_IsEvaluatedAndScalesItsTarget()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();

        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(6, Replicas("search"));
    }

    [Fact]
    public async Task Object_InvalidEdit_KeepsTheLastGoodVersionAndSaysWhyAsValidateWould()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();

        Server.Update(PolicyType, "shop", "search", o => o["spec"]!["guardrails"]!["minReplicas"] = 80);
        await EventuallyAsync(() => catalog.Verdicts.TryGetValue("shop/search", out var v) && !v.Valid);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        var verdict = catalog.Verdicts["shop/search"];
        Assert.Equal(1, verdict.RunningGeneration);
        Assert.Contains(verdict.Errors, e => e.StartsWith("spec.guardrails.minReplicas: ", StringComparison.Ordinal));
        Assert.Equal(6, Replicas("search"));
        Assert.Contains(daemon.Logged(6023), l => l.Contains("scalingpolicy/shop/search", StringComparison.Ordinal) && l.Contains("generation 1 keeps running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Object_UnknownField_IsRefusedAsStrictValidateRefusesIt()
    {
        var policy = Policy("search");
        policy["spec"]!["guardrails"]!["maxReplica"] = 5;
        Server.Put(PolicyType, policy);
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();

        await EventuallyAsync(() => catalog.Verdicts.ContainsKey("shop/search"));

        Assert.Contains(catalog.Verdicts["shop/search"].Errors, e => e.StartsWith("spec.guardrails.maxReplica: unknown field", StringComparison.Ordinal));
        Assert.DoesNotContain(catalog.Current.Policies, p => p.Name == "search");
    }

    [Fact]
    public async Task Object_Deleted_StopsBeingEvaluatedAndWritten()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();

        await DeleteObjectAsync("search");
        await EventuallyAsync(() => catalog.Current.Policies.All(p => p.Name != "search"));
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 900);
        var reports = await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.DoesNotContain(reports, r => r.Policy == "search");
        Assert.Equal(2, Replicas("search"));
    }

    [Fact]
    public async Task Object_TargetingAnotherNamespace_IsRefused()
    {
        var policy = Policy("search");
        policy["metadata"]!["namespace"] = "other";
        policy["spec"]!["target"]!["namespace"] = "shop";
        Server.Put(PolicyType, policy);
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();

        await EventuallyAsync(() => catalog.Verdicts.ContainsKey("other/search"));

        Assert.Contains(catalog.Verdicts["other/search"].Errors, e => e.Contains("may target only its own namespace", StringComparison.Ordinal));
        Assert.Empty(catalog.Current.Policies);
    }

    [Fact]
    public async Task Object_NamedLikeAFilePolicy_IsRefusedAndTheFileKeepsRunning()
    {
        Server.Put(PolicyType, Policy("checkout"));
        await using var daemon = await StartAsync("Both");
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();

        await EventuallyAsync(() => catalog.Verdicts.ContainsKey("shop/checkout"));

        Assert.Contains(catalog.Verdicts["shop/checkout"].Errors, e => e.Contains("is also a policy of file", StringComparison.Ordinal));
        var running = Assert.Single(catalog.Current.Policies);
        Assert.EndsWith("checkout.yaml", running.Origin.File, StringComparison.Ordinal);
        Assert.Single(daemon.Logged(6024));
    }

    [Fact]
    public async Task Watch_DroppedAndExpired_RelistsWithoutLosingOrDuplicatingAPolicy()
    {
        Server.Put(PolicyType, Policy("search"));
        await using var daemon = await StartAsync("Both");
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();
        await EventuallyAsync(() => catalog.Current.Policies.Count == 2);

        // Changes while the watch is down, then a compaction: the resumed watch gets 410 and relists.
        Server.DropWatches();
        await DeleteObjectAsync("search");
        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "cart", 2, readyReplicas: 2));
        Server.Put(PolicyType, Policy("cart"));
        Server.CompactHistory();
        await EventuallyAsync(() =>
        {
            daemon.Time.Advance(TimeSpan.FromSeconds(1));
            return catalog.Current.Policies.Any(p => p.Name == "cart");
        });

        Assert.Equal(["cart", "checkout"], catalog.Current.Policies.Select(p => p.Name).Order());
    }
}
