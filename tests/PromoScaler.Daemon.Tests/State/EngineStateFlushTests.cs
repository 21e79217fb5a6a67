using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.State;

/// <summary>The engine memory is written when any of its fields changed, and only then.</summary>
public class EngineStateFlushTests
{
    [Fact]
    public async Task ZeroFieldsChangedAlone_AreWritten()
    {
        var store = new ScriptedStateStore();
        await using var daemon = Daemon(store);
        daemon.SetLoad("checkout", 200);
        await daemon.TickAsync();
        var keeper = daemon.Services.GetRequiredService<StateKeeper>();
        var written = store.Written.Count;
        var state = keeper.EngineStateOf("checkout");

        keeper.SetEngineState("checkout", state with { ZeroWritten = !state.ZeroWritten }, daemon.Time.GetUtcNow());
        Assert.True(await keeper.FlushAsync(CancellationToken.None));
        keeper.SetEngineState("checkout", keeper.EngineStateOf("checkout") with { ZeroObservedAt = daemon.Time.GetUtcNow() }, daemon.Time.GetUtcNow());
        Assert.True(await keeper.FlushAsync(CancellationToken.None));

        Assert.Equal(written + 2, store.Written.Count);
    }

    [Fact]
    public async Task SameStateInNewLists_IsNotWrittenAgain()
    {
        var store = new ScriptedStateStore();
        await using var daemon = Daemon(store);
        daemon.SetLoad("checkout", 200);
        await daemon.TickAsync();
        var keeper = daemon.Services.GetRequiredService<StateKeeper>();
        var written = store.Written.Count;
        var state = keeper.EngineStateOf("checkout");

        keeper.SetEngineState("checkout", state with { Recommendations = [.. state.Recommendations], ScaleEvents = [.. state.ScaleEvents] }, daemon.Time.GetUtcNow());
        Assert.True(await keeper.FlushAsync(CancellationToken.None));

        Assert.Equal(written, store.Written.Count);
    }

    private static DaemonHarness Daemon(ScriptedStateStore store) =>
        DaemonHarness.Create([("checkout.yaml", DaemonPolicyYaml.Policy("checkout"))], replace: s => s.AddSingleton<IStateStore>(store));
}
