using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Health;

/// <summary>A failure never reads as healthy: each policy's degraded reasons name the failing part, as /readyz does for the daemon.</summary>
public class PolicyHealthTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task MetricSourceDown_PolicyDegradedNamesTheMetrics_AndTheDaemonIsNotReady()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 200);
        await daemon.TickAsync();
        Assert.Empty(Degraded(daemon));
        daemon.Metrics.FailAll = ReadFailure.ReadFailed;

        await daemon.AdvanceAndTickAsync(Interval);

        var reason = Assert.Single(Degraded(daemon));
        Assert.StartsWith("metrics: rps readFailed", reason, StringComparison.Ordinal);
        Assert.Contains(daemon.Readiness.Problems(), p => p.Contains("metric source failing", StringComparison.Ordinal));
        var health = daemon.Services.GetRequiredService<IDaemonHealth>().Now();
        Assert.Equal(daemon.Readiness.Problems(), health.Problems);

        daemon.Metrics.FailAll = null;
        await daemon.AdvanceAndTickAsync(Interval);
        Assert.Empty(Degraded(daemon));
        Assert.Empty(daemon.Readiness.Problems());
    }

    [Fact]
    public async Task TargetRefusesWrites_PolicyDegradedNamesTheWrite()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 900);
        var target = daemon.Targets.Create(new Core.Policies.TargetRef(Core.Policies.TargetKind.Deployment, "shop", "checkout")) as Fakes.RecordingScaleTarget;
        target!.Script.Enqueue((TargetOutcome.Forbidden, null));

        await daemon.TickAsync();

        var reason = Assert.Single(Degraded(daemon));
        Assert.StartsWith("write: ", reason, StringComparison.Ordinal);
        Assert.Contains("forbidden", reason, StringComparison.Ordinal);
        await daemon.AdvanceAndTickAsync(Interval); // the write goes through now
        Assert.Empty(Degraded(daemon));
    }

    [Fact]
    public async Task ReloadRejected_PolicyOfThatFileDegradedNamesTheReload_AndTheDaemonWarns()
    {
        await using var daemon = DaemonHarness.Create("checkout", "search");
        daemon.SetLoad("checkout", 200);
        daemon.SetLoad("search", 200);
        await daemon.TickAsync();
        daemon.WritePolicy("checkout.yaml", DaemonPolicyYaml.Policy("checkout").Replace("minReplicas: 1", "minReplicas: many", StringComparison.Ordinal));

        daemon.Catalog.Reload();
        await daemon.AdvanceAndTickAsync(Interval);

        var entries = daemon.Services.GetRequiredService<IPolicySource>().Policies().ToDictionary(p => p.Policy.Name, p => p.Degraded);
        Assert.StartsWith("reload: the last edit of", Assert.Single(entries["checkout"]), StringComparison.Ordinal);
        Assert.Empty(entries["search"]);
        Assert.Contains(daemon.Readiness.Warnings(), w => w.Contains("policy reload was rejected", StringComparison.Ordinal));
        Assert.Empty(daemon.Readiness.Problems()); // the last good set keeps running
    }

    private static IReadOnlyList<string> Degraded(DaemonHarness daemon) =>
        daemon.Services.GetRequiredService<IPolicySource>().Find("checkout")!.Degraded;
}
