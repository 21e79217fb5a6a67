using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.Resilience;

namespace PromoScaler.Cloud.Tests.Resilience;

public sealed class ActionRateLimitersTests
{
    private readonly FakeTimeProvider _time = new();

    private ActionRateLimiters Limiters(int perSecond = 20, int queue = 100) =>
        new(Options.Create(new CloudOptions { RequestsPerSecond = perSecond, RateLimitQueue = queue }), _time);

    [Fact]
    public async Task AcquireAsync_BeyondOneSecondOfRequests_WaitsForTheClock()
    {
        var limiters = Limiters();
        for (var i = 0; i < 20; i++)
        {
            Assert.True(await limiters.AcquireAsync("tencent", "ModifyDesiredCapacity", CancellationToken.None));
        }

        var twentyFirst = limiters.AcquireAsync("tencent", "ModifyDesiredCapacity", CancellationToken.None).AsTask();
        Assert.False(twentyFirst.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(50)); // one token back per 1/20 s
        Assert.True(await twentyFirst);
    }

    [Fact]
    public async Task AcquireAsync_EachActionHasItsOwnBucket()
    {
        var limiters = Limiters(perSecond: 1);
        Assert.True(await limiters.AcquireAsync("aws", "SetDesiredCapacity", CancellationToken.None));

        var sameAction = limiters.AcquireAsync("aws", "SetDesiredCapacity", CancellationToken.None).AsTask();
        var otherAction = limiters.AcquireAsync("aws", "DescribeAutoScalingGroups", CancellationToken.None).AsTask();

        Assert.True(await otherAction);
        Assert.False(sameAction.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await sameAction);
    }

    [Fact]
    public async Task AcquireAsync_QueueFull_RefusedAtOnce()
    {
        var limiters = Limiters(perSecond: 1, queue: 1);
        Assert.True(await limiters.AcquireAsync("aws", "SetDesiredCapacity", CancellationToken.None));
        var queued = limiters.AcquireAsync("aws", "SetDesiredCapacity", CancellationToken.None).AsTask();

        Assert.False(await limiters.AcquireAsync("aws", "SetDesiredCapacity", CancellationToken.None));
        Assert.False(queued.IsCompleted);
    }
}
