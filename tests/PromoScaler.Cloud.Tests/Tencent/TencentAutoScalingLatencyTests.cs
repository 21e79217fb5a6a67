using PromoScaler.Cloud.Tests.Infrastructure;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Tests.Tencent;

/// <summary>Latency on the real clock: a slow answer inside the timeout is fine, a hung one ends unavailable, bounded by the total timeout.</summary>
public sealed class TencentAutoScalingLatencyTests
{
    [Theory]
    [InlineData(100, TargetOutcome.Ok)]
    [InlineData(3_000, TargetOutcome.Unavailable)]
    public async Task ObserveAsync_SlowAnswer_OkWithinTimeoutElseUnavailable(int latencyMs, TargetOutcome expected)
    {
        using var harness = new CloudHarness(TimeProvider.System, new() { ["Timeout"] = "00:00:00.500", ["TotalTimeout"] = "00:00:01.200" });
        await using var cloud = await FakeTencentAutoScaling.StartAsync(TimeProvider.System);
        cloud.Groups["asg-web"] = new FakeGroup("asg-web", 4, 2, 20);
        cloud.Latency = TimeSpan.FromMilliseconds(latencyMs);
        harness.Variables["TC_ID"] = FakeTencentAutoScaling.SecretId;
        harness.Variables["TC_KEY"] = FakeTencentAutoScaling.SecretKey;
        var target = harness.Create(TargetRef.ForGroup(
            CloudTargetKinds.Tencent.Kind,
            new VmGroupRef(cloud.Region, "asg-web", new EnvironmentCredentials("TC_ID", "TC_KEY", null), cloud.Url)));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(expected, read.Outcome);
    }
}
