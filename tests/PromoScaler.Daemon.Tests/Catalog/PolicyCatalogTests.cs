using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Catalog;

public class PolicyCatalogTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Reload_BadEdit_RejectedWholeOldVersionKeepsRunning()
    {
        await using var daemon = DaemonHarness.Create("checkout", "search");
        daemon.SetLoad("checkout", 900);
        daemon.SetLoad("search", 200);
        await daemon.TickAsync();
        var before = daemon.Catalog.Current;

        // One file broken, the other validly changed: the set is rejected whole, the valid change is not applied.
        daemon.WritePolicy("checkout.yaml", DaemonPolicyYaml.Policy("checkout").Replace("targetPerReplica: 100", "targetPerReplica: 100\n      bogus: 1", StringComparison.Ordinal));
        daemon.WritePolicy("search.yaml", DaemonPolicyYaml.Policy("search", interval: "30s"));

        Assert.Equal(ReloadOutcome.Rejected, daemon.Catalog.Reload());
        Assert.Same(before, daemon.Catalog.Current);
        var error = Assert.Single(daemon.Logged(6021));
        Assert.Matches(@"checkout\.yaml:12:7 spec\.metrics\[0\]\.bogus: unknown field", error);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_load_errors_total"));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_reloads_total{outcome=\"rejected\"}"));

        // The old checkout keeps being evaluated and written; search keeps its 15s interval.
        var reports = await daemon.AdvanceAndTickAsync(Interval);
        Assert.Contains(reports, r => r.Policy == "checkout" && r.Write == "ok");
        Assert.Contains(reports, r => r.Policy == "search");
        Assert.DoesNotContain(daemon.Readiness.Problems(), p => p.Contains("polic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_PolicyRemoved_StopsEvaluatingAndWriting()
    {
        await using var daemon = DaemonHarness.Create("checkout", "search");
        daemon.SetLoad("checkout", 200);
        daemon.SetLoad("search", 200);
        await daemon.TickAsync();

        daemon.DeletePolicy("checkout.yaml");
        Assert.Equal(ReloadOutcome.Applied, daemon.Catalog.Reload());
        daemon.SetLoad("checkout", 5000);
        var reports = await daemon.AdvanceAndTickAsync(Interval);

        Assert.DoesNotContain(reports, r => r.Policy == "checkout");
        Assert.Empty(daemon.Targets["checkout"].Writes);
        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_desired_replicas{policy=\"checkout\"}"));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policies_loaded"));
    }

    [Fact]
    public async Task Reload_Unchanged_DoesNotReload()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        Assert.Equal(ReloadOutcome.Applied, daemon.Catalog.Reload());
        Assert.Equal(ReloadOutcome.Unchanged, daemon.Catalog.Reload());
        Assert.Equal(1, daemon.Catalog.Current.Generation);
    }

    [Fact]
    public async Task Reload_ConfigMapSymlinkSwap_AppliesTheNewData()
    {
        // A ConfigMap volume: name.yaml -> ..data/name.yaml, ..data -> ..<timestamp>/; an update writes a new
        // timestamped directory and swaps ..data atomically.
        await using var daemon = DaemonHarness.Create([]);
        var root = daemon.PoliciesDirectory;
        var first = Path.Combine(root, "..2026_11_25_12_00_00.1");
        Directory.CreateDirectory(first);
        File.WriteAllText(Path.Combine(first, "checkout.yaml"), DaemonPolicyYaml.Policy("checkout"));
        File.CreateSymbolicLink(Path.Combine(root, "..data"), first);
        File.CreateSymbolicLink(Path.Combine(root, "checkout.yaml"), Path.Combine("..data", "checkout.yaml"));
        Assert.Equal(ReloadOutcome.Applied, daemon.Catalog.Reload());
        Assert.Equal(TimeSpan.FromSeconds(15), Assert.Single(daemon.Catalog.Current.Policies).Spec.Interval);

        var second = Path.Combine(root, "..2026_11_25_12_05_00.2");
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Combine(second, "checkout.yaml"), DaemonPolicyYaml.Policy("checkout", interval: "30s"));
        var swap = Path.Combine(root, "..data_tmp");
        File.CreateSymbolicLink(swap, second);
        RenameOver(swap, Path.Combine(root, "..data"));

        Assert.Equal(ReloadOutcome.Applied, daemon.Catalog.Reload());
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(daemon.Catalog.Current.Policies).Spec.Interval);
    }

    /// <summary>rename(2) of a symlink over another, as the kubelet swaps ..data (File.Move follows the link).</summary>
    private static void RenameOver(string source, string destination)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", source, destination]);
        mv.WaitForExit();
        Assert.Equal(0, mv.ExitCode);
    }

    [Fact]
    public async Task Reload_InvalidAtStart_NotReadyWithTheFirstError()
    {
        await using var daemon = DaemonHarness.Create([("bad.yaml", "apiVersion: promoscaler.io/v1\nkind: ScalingPolicy\n")]);
        Assert.Equal(ReloadOutcome.Rejected, daemon.Catalog.Reload());
        Assert.Contains(daemon.Readiness.Problems(), p => p.StartsWith("no valid policy set loaded", StringComparison.Ordinal) && p.Contains("bad.yaml:", StringComparison.Ordinal));
        Assert.Empty(await daemon.TickAsync());
    }
}
