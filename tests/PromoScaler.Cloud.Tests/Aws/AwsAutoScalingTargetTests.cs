using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cloud.Tests.Infrastructure;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Tests.Aws;

/// <summary>The AWS EC2 Auto Scaling target against a loopback Query API that checks every SigV4 signature.</summary>
public sealed class AwsAutoScalingTargetTests : IAsyncLifetime, IDisposable
{
    private readonly CloudHarness _harness = new();
    private FakeAwsAutoScaling _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeAwsAutoScaling.StartAsync(_harness.Time);
        _cloud.Groups["web-asg"] = new FakeGroup("web-asg", desired: 4, minSize: 2, maxSize: 10) { InService = 3 };
        _harness.Variables["AWS_ACCESS_KEY_ID"] = FakeAwsAutoScaling.AccessKeyId;
        _harness.Variables["AWS_SECRET_ACCESS_KEY"] = FakeAwsAutoScaling.SecretAccessKey;
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    public void Dispose() => _harness.Dispose();

    private IScaleTarget Target(string group = "web-asg", CloudCredentialsSpec? credentials = null) => _harness.Create(TargetRef.ForGroup(
        CloudTargetKinds.Aws.Kind, new VmGroupRef(_cloud.Region, group, credentials ?? CloudTargetKinds.Aws.Credentials.Default, _cloud.Url)));

    private static ScaleRequest Request(int replicas) => new(replicas, 4, ReasonCode.PrewarmFloor, "pre-warm for the sale");

    [Fact]
    public async Task ObserveAsync_SignedDescribe_ReadsDesiredAsCurrentAndInServiceInstancesAsReady()
    {
        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Ok, read.Outcome);
        Assert.Equal(new TargetObservation(4, 4, 3), read.Observation);
        Assert.Equal("2", read.Facts!["MinSize"]);
        Assert.Equal("10", read.Facts["MaxSize"]);
        var call = Assert.Single(_cloud.Calls);
        Assert.Equal("DescribeAutoScalingGroups", call.Action);
        Assert.Equal("web-asg", call.Parameters["AutoScalingGroupNames.member.1"]);
    }

    [Fact]
    public async Task WriteAsync_WithinBounds_SetsDesiredCapacityWithoutHonoringCooldown()
    {
        var write = await Target().WriteAsync(Request(7), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(7), write);
        Assert.Equal(7, _cloud.Groups["web-asg"].Desired);
        var set = Assert.Single(_cloud.Calls, c => c.Action == "SetDesiredCapacity");
        Assert.Equal("web-asg", set.Parameters["AutoScalingGroupName"]);
        Assert.Equal("7", set.Parameters["DesiredCapacity"]);
        Assert.Equal("false", set.Parameters["HonorCooldown"]);
    }

    [Fact]
    public async Task WriteAsync_AboveMaxSize_WritesMaxSizeAndReportsClipped()
    {
        var write = await Target().WriteAsync(Request(25), CancellationToken.None);

        Assert.Equal(new TargetWrite(TargetOutcome.Clipped, 10, "asked for 25, the group's MaxSize 10 allows 10"), write);
        Assert.Equal(10, _cloud.Groups["web-asg"].Desired);
    }

    [Theory]
    [InlineData("Throttling")]
    [InlineData("ScalingActivityInProgress")]
    [InlineData("ResourceContention")]
    public async Task WriteAsync_RetryableError_RetriedAndSucceeds(string code)
    {
        _cloud.Inject("SetDesiredCapacity", code, code);

        var write = await Target().WriteAsync(Request(6), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(6), write);
        Assert.Equal(3, _cloud.Calls.Count(c => c.Action == "SetDesiredCapacity"));
    }

    [Theory]
    [InlineData("Throttling", TargetOutcome.Throttled)]
    [InlineData("ScalingActivityInProgress", TargetOutcome.Degraded)]
    public async Task WriteAsync_RetryableErrorPersists_EndsTyped(string code, TargetOutcome expected)
    {
        _cloud.Inject("SetDesiredCapacity", Enumerable.Repeat(code, 4).ToArray());

        var write = await Target().WriteAsync(Request(6), CancellationToken.None);

        Assert.Equal(expected, write.Outcome);
        Assert.Contains(code, write.Detail, StringComparison.Ordinal);
        Assert.Equal(4, _cloud.Groups["web-asg"].Desired);
    }

    [Fact]
    public async Task ResourceContentionPersists_OpensTheBreakerAndLaterCallsSendNothing()
    {
        _cloud.Inject("SetDesiredCapacity", Enumerable.Repeat("ResourceContention", 4).ToArray());
        var target = Target();

        var write = await target.WriteAsync(Request(6), CancellationToken.None);
        var sent = _cloud.Received;
        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.CircuitOpen, write.Outcome);
        Assert.Equal(TargetOutcome.CircuitOpen, read.Outcome);
        Assert.Equal(sent, _cloud.Received);
    }

    [Fact]
    public async Task WriteAsync_ValidationError_RejectedWithTheMessageAndNotRetried()
    {
        _cloud.Inject("SetDesiredCapacity", "ValidationError");

        var write = await Target().WriteAsync(Request(6), CancellationToken.None);

        Assert.Equal(TargetWrite.Failed(TargetOutcome.Rejected, "ValidationError: injected ValidationError"), write);
        Assert.Single(_cloud.Calls, c => c.Action == "SetDesiredCapacity");
    }

    [Fact]
    public async Task ObserveAsync_UnknownGroup_IsNotFound()
    {
        var read = await Target("gone-asg").ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.NotFound, read.Outcome);
    }

    [Fact]
    public async Task LaunchSuspended_ObservedDegradedAndNeverWritten()
    {
        _cloud.Groups["web-asg"].Enabled = false;
        var target = Target();

        var read = await target.ObserveAsync(CancellationToken.None);
        var write = await target.WriteAsync(Request(8), CancellationToken.None);

        Assert.Equal(TargetOutcome.Degraded, read.Outcome);
        Assert.Equal("Launch", read.Facts!["SuspendedProcesses"]);
        Assert.Equal(new TargetWrite(TargetOutcome.Degraded, 4, "scaling processes suspended: Launch"), write);
        Assert.DoesNotContain(_cloud.Calls, c => c.Action == "SetDesiredCapacity");
    }

    [Fact]
    public async Task GroupBeingDeleted_IsDegradedWithItsStatus()
    {
        _cloud.Groups["web-asg"].Status = "Delete in progress";

        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Degraded, read.Outcome);
        Assert.Equal("group status Delete in progress", read.Detail);
    }

    [Fact]
    public async Task WrongSecret_ForbiddenNamingTheCredentialSourceAndNotRetried()
    {
        _harness.Variables["AWS_SECRET_ACCESS_KEY"] = "wrong-secret";

        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Forbidden, read.Outcome);
        Assert.Contains("SignatureDoesNotMatch", read.Detail, StringComparison.Ordinal);
        Assert.Contains("environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN", read.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", read.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _cloud.Received);
    }

    [Fact]
    public async Task SessionToken_SentAndSigned()
    {
        _cloud.RequiredSessionToken = "FwoGZXIvYXdzEXAMPLE//token+with/slashes==";
        _harness.Variables["AWS_SESSION_TOKEN"] = _cloud.RequiredSessionToken;

        var read = await Target().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Ok, read.Outcome);
        Assert.Contains("x-amz-security-token", Assert.Single(_cloud.Calls).Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedCredentialsFileProfile_SignsWithThatProfilesKeys()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, $"""
                [default]
                aws_access_key_id = AKIDOTHER
                aws_secret_access_key = other

                [promo]
                aws_access_key_id = {FakeAwsAutoScaling.AccessKeyId}
                aws_secret_access_key = {FakeAwsAutoScaling.SecretAccessKey}
                """);

            var read = await Target(credentials: new FileCredentials(file, "promo")).ObserveAsync(CancellationToken.None);

            Assert.Equal(TargetOutcome.Ok, read.Outcome);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ClockSkew_SignatureExpired_RejectedSayingClockSkewWithinFifteenMinutes()
    {
        // The server's clock runs 16 minutes ahead of ours: beyond SigV4's 15.
        await using var server = await FakeAwsAutoScaling.StartAsync(new FakeTimeProvider(_harness.Time.GetUtcNow() + TimeSpan.FromMinutes(16)));
        server.Groups["web-asg"] = new FakeGroup("web-asg", 4, 2, 10);
        var target = _harness.Create(TargetRef.ForGroup(
            CloudTargetKinds.Aws.Kind, new VmGroupRef(server.Region, "web-asg", CloudTargetKinds.Aws.Credentials.Default, server.Url)));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Rejected, read.Outcome);
        Assert.Contains("clock skew, not a credentials problem", read.Detail, StringComparison.Ordinal);
        Assert.Contains("within 15 minutes", read.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("within 5 minutes", read.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials from", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClockSkew_SevenMinutes_AcceptedAsAwsIs()
    {
        // AWS accepts up to 15 minutes of skew; 7 must not be refused.
        await using var server = await FakeAwsAutoScaling.StartAsync(new FakeTimeProvider(_harness.Time.GetUtcNow() + TimeSpan.FromMinutes(7)));
        server.Groups["web-asg"] = new FakeGroup("web-asg", 4, 2, 10);
        var target = _harness.Create(TargetRef.ForGroup(
            CloudTargetKinds.Aws.Kind, new VmGroupRef(server.Region, "web-asg", CloudTargetKinds.Aws.Credentials.Default, server.Url)));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Ok, read.Outcome);
    }

    [Fact]
    public async Task ObserveAsync_SlowAnswerBeyondTimeout_Unavailable()
    {
        using var harness = new CloudHarness(TimeProvider.System, new() { ["Timeout"] = "00:00:00.300", ["TotalTimeout"] = "00:00:01" });
        await using var cloud = await FakeAwsAutoScaling.StartAsync(TimeProvider.System);
        cloud.Groups["web-asg"] = new FakeGroup("web-asg", 4, 2, 10);
        cloud.Latency = TimeSpan.FromSeconds(3);
        harness.Variables["AWS_ACCESS_KEY_ID"] = FakeAwsAutoScaling.AccessKeyId;
        harness.Variables["AWS_SECRET_ACCESS_KEY"] = FakeAwsAutoScaling.SecretAccessKey;
        var target = harness.Create(TargetRef.ForGroup(
            CloudTargetKinds.Aws.Kind, new VmGroupRef(cloud.Region, "web-asg", CloudTargetKinds.Aws.Credentials.Default, cloud.Url)));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Unavailable, read.Outcome);
    }
}
