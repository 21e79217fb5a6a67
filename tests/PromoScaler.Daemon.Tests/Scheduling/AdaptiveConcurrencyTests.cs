using PromoScaler.Daemon.Scheduling;

namespace PromoScaler.Daemon.Tests.Scheduling;

/// <summary>The concurrency limit grows while ticks go through promptly and backs off when a dependency strains.</summary>
public class AdaptiveConcurrencyTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromMilliseconds(20);

    private static async Task CompleteAsync(AdaptiveConcurrency limit, int ticks, bool strained, TimeSpan elapsed)
    {
        for (var i = 0; i < ticks; i++)
        {
            await limit.WaitAsync(CancellationToken.None);
            limit.Release(strained, elapsed);
        }
    }

    [Fact]
    public async Task Release_PromptTicks_GrowsByAboutOnePerLimitsWorth_UpToTheCeiling()
    {
        var limit = new AdaptiveConcurrency(ceiling: 12);
        Assert.Equal(AdaptiveConcurrency.Initial, limit.Limit);

        await CompleteAsync(limit, 9, strained: false, Prompt); // 8 + 8 x 1/8 + ...
        Assert.Equal(9, limit.Limit);

        await CompleteAsync(limit, 1000, strained: false, Prompt);
        Assert.Equal(12, limit.Limit);
    }

    [Fact]
    public async Task Release_StrainedTicks_BackOffToOneAtLeast()
    {
        var limit = new AdaptiveConcurrency(ceiling: 64);

        await CompleteAsync(limit, 1, strained: true, Prompt);
        Assert.Equal(7, limit.Limit); // 8 x 0.9

        await CompleteAsync(limit, 100, strained: true, Prompt);
        Assert.Equal(1, limit.Limit);
    }

    [Fact]
    public async Task Release_TickFourTimesSlowerThanUsual_CountsAsStrain()
    {
        var limit = new AdaptiveConcurrency(ceiling: 64);
        await CompleteAsync(limit, 9, strained: false, Prompt);
        var before = limit.Limit;

        await CompleteAsync(limit, 1, strained: false, TimeSpan.FromSeconds(2));

        Assert.True(limit.Limit < before, $"{limit.Limit} after a slow tick, {before} before");
    }

    [Fact]
    public async Task WaitAsync_AtTheLimit_WaitsForARelease()
    {
        var limit = new AdaptiveConcurrency(ceiling: 1);
        await limit.WaitAsync(CancellationToken.None);

        var second = limit.WaitAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        limit.Release(strained: false, Prompt);
        await second.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_DoesNotTakeASlot()
    {
        var limit = new AdaptiveConcurrency(ceiling: 1);
        await limit.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = limit.WaitAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        limit.Release(strained: false, Prompt);

        await limit.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
    }
}
