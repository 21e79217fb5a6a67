using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.State;

/// <summary>The engine's memory outlives a restart; a lost or corrupt memory never scales down early.</summary>
public class StateRestartTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Restart_MidStabilization_ContinuesTheWindowFromTheStoredHistory()
    {
        using var directory = new TempDirectory();
        var targets = new RecordingTargetProvider();
        var policies = new[] { ("checkout.yaml", DaemonPolicyYaml.Policy("checkout")) };
        await using (var first = DaemonHarness.Create(policies, directory: directory, targets: targets))
        {
            first.SetLoad("checkout", 900);
            await first.TickAsync();                    // t0: 2 -> 6
            await first.AdvanceAndTickAsync(Interval);  // t0+15s: 6 -> 9 (raw 9 enters the 5m scale-down window)
            first.SetLoad("checkout", 100);
            await first.AdvanceAndTickAsync(Interval);  // t0+30s: raw 1, held at 9 by the window
        }

        Assert.Equal(9, targets["checkout"].Replicas);
        await using var second = DaemonHarness.Create(policies, directory: directory, targets: targets, start: DaemonHarness.Start + TimeSpan.FromSeconds(60));
        second.SetLoad("checkout", 100);

        // Until the stored raw 9 of t0+15s leaves the 5m window, nothing goes down.
        for (var t = second.Time.GetUtcNow(); t < DaemonHarness.Start + TimeSpan.FromMinutes(5) + Interval; t = second.Time.GetUtcNow())
        {
            await second.TickAsync();
            Assert.Equal(9, targets["checkout"].Replicas);
            second.Time.Advance(Interval);
        }

        // Then it goes down when the stored window says so, not 5m after the restart (a seeded start would hold
        // until t0+6m).
        await second.AdvanceAndTickAsync(Interval);
        Assert.True(targets["checkout"].Replicas < 9, $"still {targets["checkout"].Replicas} at {second.Time.GetUtcNow():O}");
        Assert.True(second.Time.GetUtcNow() < DaemonHarness.Start + TimeSpan.FromMinutes(6));
        Assert.Equal(1, MetricsText.Value(second.Registry, "promoscaler_state_loads_total{outcome=\"ok\"}"));
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("{\"schema\":1,\"policies\":{\"checkout\":{\"engine\":{\"recommendations\":[{\"timestamp\":\"2026-11-25T12:00:00Z\",\"replicas\":-5}],\"scaleEvents\":[],\"prewarmBaselines\":[],\"lastWritten\":9,\"paused\":false},\"updatedAt\":\"2026-11-25T12:00:00Z\"}}}")]
    [InlineData("{\"schema\":99,\"policies\":{}}")]
    public async Task Start_CorruptState_ReportedTreatedAsLostAndNeverScalesDown(string corrupt)
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("state.json"), corrupt);
        var targets = new RecordingTargetProvider(initialReplicas: 9);
        await using var daemon = DaemonHarness.Create([("checkout.yaml", DaemonPolicyYaml.Policy("checkout"))], directory: directory, targets: targets);
        daemon.SetLoad("checkout", 100);

        for (var i = 0; i < 4; i++)
        {
            await daemon.AdvanceAndTickAsync(Interval);
        }

        Assert.Equal(9, targets["checkout"].Replicas);
        Assert.Empty(targets["checkout"].Writes);
        Assert.NotEmpty(daemon.Logged(6081));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_state_loads_total{outcome=\"lost\"}"));
        // The lost document is replaced by a good one.
        Assert.Contains("\"schema\":1", await File.ReadAllTextAsync(directory.File("state.json")), StringComparison.Ordinal);
    }
}
