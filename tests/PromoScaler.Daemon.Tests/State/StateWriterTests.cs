using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.State;

/// <summary>The state is written only while the lease is certain, asked before every write, a conflict's retry included.</summary>
public class StateWriterTests
{
    [Fact]
    public async Task Conflict_WhileTheLeaseIsNoLongerCertain_EndsTheTermWithoutOverwriting()
    {
        var store = new ScriptedStateStore();
        var leadership = new SteppedLeadership(true, true, true, false); // flush, target write, flush, then the conflict
        await using var daemon = Daemon(store, leadership);
        daemon.SetLoad("checkout", 200);
        await daemon.TickAsync(); // load, tick, first write (lease certain)
        Assert.Single(store.Written);
        store.ConflictNext = true;

        daemon.SetLoad("checkout", 900);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15)); // write: conflict; the lease is no longer certain

        Assert.Single(store.Written);
        Assert.Contains(leadership.EndedTerms, r => r.Contains("written by someone else", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Conflict_WhileCertainlyLeading_TakesTheStoredVersionAndWritesOnce()
    {
        var store = new ScriptedStateStore();
        var leadership = new SteppedLeadership(true);
        await using var daemon = Daemon(store, leadership);
        daemon.SetLoad("checkout", 200);
        await daemon.TickAsync();
        store.ConflictNext = true;

        daemon.SetLoad("checkout", 900);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(2, store.Written.Count);
        Assert.Empty(leadership.EndedTerms);
    }

    [Fact]
    public async Task LeaseNotCertain_NothingIsWritten_NotTheTargetNorTheState()
    {
        var store = new ScriptedStateStore();
        await using var daemon = Daemon(store, new SteppedLeadership(false));
        daemon.SetLoad("checkout", 900);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Equal("notLeader", report.Write);
        Assert.Empty(daemon.Targets["checkout"].Writes);
        Assert.Empty(store.Written);
        Assert.False(await daemon.Services.GetRequiredService<StateKeeper>().FlushAsync(CancellationToken.None));
    }

    private static DaemonHarness Daemon(ScriptedStateStore store, ILeadership leadership) =>
        DaemonHarness.Create([("checkout.yaml", DaemonPolicyYaml.Policy("checkout"))], replace: s =>
        {
            s.AddSingleton<IStateStore>(store);
            s.AddSingleton(leadership);
        });
}
