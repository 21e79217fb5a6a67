using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Evaluation;

/// <summary>The seam a decision is published at: every observer hears every tick's decision, and one that throws costs only itself.</summary>
public class DecisionObserverTests
{
    private sealed class Recording : IDecisionObserver
    {
        public List<(string Policy, DecisionAction Action, int Desired, string? Write)> Seen { get; } = [];

        public void Observed(PolicyTick tick) =>
            Seen.Add((tick.Policy.Name, tick.Decision!.Action, tick.Decision.Desired, tick.Write));
    }

    private sealed class Throwing : IDecisionObserver
    {
        public void Observed(PolicyTick tick) => throw new InvalidOperationException("status writer down");
    }

    [Fact]
    public async Task Tick_EveryObserverHearsTheDecision_AThrowingOneIsLoggedAndTheTickGoesOn()
    {
        var recording = new Recording();
        await using var daemon = DaemonHarness.Create(
            [("checkout.yaml", DaemonPolicyYaml.Policy("checkout"))],
            replace: s => s.AddSingleton<IDecisionObserver>(new Throwing()).AddSingleton<IDecisionObserver>(recording));
        daemon.SetLoad("checkout", 900);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Equal("ok", report.Write);
        Assert.Equal(("checkout", DecisionAction.Scale, report.Decision!.Desired, (string?)"ok"), Assert.Single(recording.Seen));
        Assert.Contains(daemon.Logged(6052), m => m.Contains("status writer down", StringComparison.Ordinal));
    }
}
