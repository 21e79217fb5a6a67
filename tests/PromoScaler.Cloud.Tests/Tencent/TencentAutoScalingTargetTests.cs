using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cloud.Tests.Infrastructure;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Tests.Tencent;

/// <summary>The Tencent Cloud Auto Scaling target against a loopback API that checks every signature.</summary>
public sealed class TencentAutoScalingTargetTests : IAsyncLifetime, IDisposable
{
    private readonly CloudHarness _harness = new();
    private FakeTencentAutoScaling _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeTencentAutoScaling.StartAsync(_harness.Time);
        _cloud.Groups["asg-web"] = new FakeGroup("asg-web", desired: 4, minSize: 2, maxSize: 20) { InService = 3 };
        _harness.Variables["TC_ID"] = FakeTencentAutoScaling.SecretId;
        _harness.Variables["TC_KEY"] = FakeTencentAutoScaling.SecretKey;
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    public void Dispose() => _harness.Dispose();

    private IScaleTarget Target(string group = "asg-web", CloudCredentialsSpec? credentials = null) => _harness.Create(TargetRef.ForGroup(
        CloudTargetKinds.Tencent.Kind,
        new VmGroupRef(_cloud.Region, group, credentials ?? new EnvironmentCredentials("TC_ID", "TC_KEY", "TC_TOKEN"), _cloud.Url)));

    private static ScaleRequest Request(int replicas, int current = 4) => new(replicas, current, ReasonCode.PrewarmFloor, "pre-warm for the sale");

    [Fact]
    public async Task ObserveAsync_SignedDescribe_ReadsDesiredAsCurrentAndInServiceAsReady()
    {
        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Ok, read.Outcome);
        Assert.Equal(new TargetObservation(4, 3, 3), read.Observation);
        Assert.Equal("2", read.Facts!["MinSize"]);
        Assert.Equal("20", read.Facts["MaxSize"]);
        Assert.Equal("NORMAL", read.Facts["AutoScalingGroupStatus"]);
        Assert.Equal("ENABLED", read.Facts["EnabledStatus"]);
        Assert.Equal("NOT_IN_ACTIVITY", read.Facts["InActivityStatus"]);
        var call = Assert.Single(_cloud.Calls);
        Assert.Equal("DescribeAutoScalingGroups", call.Action);
        Assert.Equal("""["asg-web"]""", call.Parameters["AutoScalingGroupIds"]);
    }

    [Fact]
    public async Task WriteAsync_WithinBounds_ModifiesDesiredCapacity()
    {
        var write = await Target().WriteAsync(Request(12), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(12), write);
        Assert.Equal(12, _cloud.Groups["asg-web"].Desired);
        var modify = Assert.Single(_cloud.Calls, c => c.Action == "ModifyDesiredCapacity");
        Assert.Equal("\"asg-web\"", modify.Parameters["AutoScalingGroupId"]);
        Assert.Equal("12", modify.Parameters["DesiredCapacity"]);
    }

    [Fact]
    public async Task WriteAsync_AboveMaxSize_WritesMaxSizeAndReportsClipped()
    {
        var write = await Target().WriteAsync(Request(30), CancellationToken.None);

        Assert.Equal(TargetOutcome.Clipped, write.Outcome);
        Assert.Equal(20, write.Written);
        Assert.Contains("MaxSize 20", write.Detail, StringComparison.Ordinal);
        Assert.Equal(20, _cloud.Groups["asg-web"].Desired);
    }

    [Fact]
    public async Task WriteAsync_BelowMinSize_WritesMinSizeAndReportsClipped()
    {
        var write = await Target().WriteAsync(Request(0), CancellationToken.None);

        Assert.Equal(new TargetWrite(TargetOutcome.Clipped, 2, "asked for 0, the group's MinSize 2 allows 2"), write);
        Assert.Equal(2, _cloud.Groups["asg-web"].Desired);
    }

    [Fact]
    public async Task WriteAsync_ThrottledTwice_RetriesAndSucceeds()
    {
        _cloud.Inject("ModifyDesiredCapacity", "RequestLimitExceeded", "RequestLimitExceeded");

        var write = await Target().WriteAsync(Request(8), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(8), write);
        Assert.Equal(3, _cloud.Calls.Count(c => c.Action == "ModifyDesiredCapacity"));
    }

    [Fact]
    public async Task WriteAsync_ThrottledBeyondRetries_EndsThrottled()
    {
        _cloud.Inject("ModifyDesiredCapacity", "RequestLimitExceeded", "RequestLimitExceeded", "RequestLimitExceeded", "RequestLimitExceeded");

        var write = await Target().WriteAsync(Request(8), CancellationToken.None);

        Assert.Equal(TargetOutcome.Throttled, write.Outcome);
        Assert.Equal(4, _cloud.Calls.Count(c => c.Action == "ModifyDesiredCapacity")); // the first attempt and 3 retries
        Assert.Equal(4, _cloud.Groups["asg-web"].Desired);
    }

    [Fact]
    public async Task WriteAsync_ActivityInProgress_RetriedThenDegradedWhenItPersists()
    {
        _cloud.Inject("ModifyDesiredCapacity", Enumerable.Repeat("ResourceUnavailable.AutoScalingGroupInActivity", 4).ToArray());

        var write = await Target().WriteAsync(Request(8), CancellationToken.None);

        Assert.Equal(TargetOutcome.Degraded, write.Outcome);
        Assert.Contains("ResourceUnavailable.AutoScalingGroupInActivity", write.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObserveAsync_UnknownGroup_IsNotFound()
    {
        var read = await Target("asg-gone").ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.NotFound, read.Outcome);
        Assert.Null(read.Observation);
    }

    [Fact]
    public async Task WriteAsync_GroupDeletedBetweenDescribeAndModify_IsNotFound()
    {
        _cloud.Inject("ModifyDesiredCapacity", "ResourceNotFound.AutoScalingGroupNotFound");

        var write = await Target().WriteAsync(Request(8), CancellationToken.None);

        Assert.Equal(TargetOutcome.NotFound, write.Outcome);
        Assert.Single(_cloud.Calls, c => c.Action == "ModifyDesiredCapacity"); // not retried
    }

    [Fact]
    public async Task DisabledGroup_ObservedDegradedAndNeverWritten()
    {
        _cloud.Groups["asg-web"].Enabled = false;
        var target = Target();

        var read = await target.ObserveAsync(CancellationToken.None);
        var write = await target.WriteAsync(Request(8), CancellationToken.None);

        Assert.Equal(TargetOutcome.Degraded, read.Outcome);
        Assert.Equal(4, read.Observation!.SpecReplicas);
        Assert.Equal("DISABLED", read.Facts!["EnabledStatus"]);
        Assert.Equal(new TargetWrite(TargetOutcome.Degraded, 4, "group is DISABLED"), write);
        Assert.DoesNotContain(_cloud.Calls, c => c.Action == "ModifyDesiredCapacity");
    }

    [Fact]
    public async Task AbnormalGroup_IsDegradedWithItsStatus()
    {
        _cloud.Groups["asg-web"].Status = "CVM_ABNORMAL";

        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Degraded, read.Outcome);
        Assert.Equal("group status CVM_ABNORMAL", read.Detail);
    }

    [Fact]
    public async Task WrongSecretKey_SignatureRefused_ForbiddenNamingTheCredentialSource()
    {
        _harness.Variables["TC_KEY"] = "not-the-key";

        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Forbidden, read.Outcome);
        Assert.Contains("AuthFailure.SignatureFailure", read.Detail, StringComparison.Ordinal);
        Assert.Contains("environment TC_ID/TC_KEY/TC_TOKEN", read.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", read.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _cloud.Received); // an auth failure is not retried
    }

    [Fact]
    public async Task MissingVariable_ForbiddenWithoutSendingAnything()
    {
        _harness.Variables.Remove("TC_KEY");

        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetRead.Failed(TargetOutcome.Forbidden, "environment TC_ID/TC_KEY/TC_TOKEN: TC_KEY not set"), read);
        Assert.Equal(0, _cloud.Received);
    }

    [Fact]
    public async Task SessionToken_SentAsXTcToken()
    {
        _harness.Variables["TC_TOKEN"] = "temporary-token";

        await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal("temporary-token", Assert.Single(_cloud.Calls).Headers["x-tc-token"]);
    }

    [Fact]
    public async Task ClockSkew_SignatureExpired_RejectedSayingClockSkewNotCredentials()
    {
        ((FakeTimeProvider)_harness.Time).Advance(TimeSpan.FromMinutes(10)); // the local clock runs 10 minutes ahead
        await using var server = await FakeTencentAutoScaling.StartAsync(new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 23, 50, 0, TimeSpan.Zero)));
        server.Groups["asg-web"] = new FakeGroup("asg-web", 4, 2, 20);
        var target = _harness.Create(TargetRef.ForGroup(
            CloudTargetKinds.Tencent.Kind,
            new VmGroupRef(server.Region, "asg-web", new EnvironmentCredentials("TC_ID", "TC_KEY", null), server.Url)));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Rejected, read.Outcome);
        Assert.Contains("AuthFailure.SignatureExpire", read.Detail, StringComparison.Ordinal);
        Assert.Contains("clock skew, not a credentials problem", read.Detail, StringComparison.Ordinal);
        Assert.Contains("within 5 minutes", read.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials from", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedAcrossUtcMidnight_ScopeDateFollowsTheTimestamp()
    {
        // 23:50 UTC is 07:50 the next day at UTC+8; the fake refuses a scope date other than the UTC one.
        var first = await Target().ObserveAsync(CancellationToken.None);
        ((FakeTimeProvider)_harness.Time).Advance(TimeSpan.FromMinutes(15));
        var second = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Ok, first.Outcome);
        Assert.Equal(TargetOutcome.Ok, second.Outcome);
    }
}
