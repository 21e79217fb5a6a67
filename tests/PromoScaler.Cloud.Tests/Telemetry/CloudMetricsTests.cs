using System.Text;
using PromoScaler.Cloud.Tests.Infrastructure;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using Prometheus;

namespace PromoScaler.Cloud.Tests.Telemetry;

/// <summary>The cloud call metrics, read back from a fresh registry after calls to the loopback APIs.</summary>
public sealed class CloudMetricsTests : IAsyncLifetime, IDisposable
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly CloudHarness _harness;
    private FakeTencentAutoScaling _tencent = null!;
    private FakeAwsAutoScaling _aws = null!;

    public CloudMetricsTests() => _harness = new CloudHarness(metrics: _registry);

    public async Task InitializeAsync()
    {
        _tencent = await FakeTencentAutoScaling.StartAsync(_harness.Time);
        _tencent.Groups["asg-web"] = new FakeGroup("asg-web", desired: 4, minSize: 2, maxSize: 20);
        _aws = await FakeAwsAutoScaling.StartAsync(_harness.Time);
        _aws.Groups["web-asg"] = new FakeGroup("web-asg", desired: 4, minSize: 2, maxSize: 20);
        _harness.Variables["TC_ID"] = FakeTencentAutoScaling.SecretId;
        _harness.Variables["TC_KEY"] = FakeTencentAutoScaling.SecretKey;
        _harness.Variables["AWS_ID"] = FakeAwsAutoScaling.AccessKeyId;
        _harness.Variables["AWS_KEY"] = FakeAwsAutoScaling.SecretAccessKey;
    }

    public async Task DisposeAsync()
    {
        await _tencent.DisposeAsync();
        await _aws.DisposeAsync();
    }

    public void Dispose() => _harness.Dispose();

    private IScaleTarget Tencent() => _harness.Create(TargetRef.ForGroup(
        CloudTargetKinds.Tencent.Kind, new VmGroupRef(_tencent.Region, "asg-web", new EnvironmentCredentials("TC_ID", "TC_KEY", null), _tencent.Url)));

    private IScaleTarget Aws(string group = "web-asg") => _harness.Create(TargetRef.ForGroup(
        CloudTargetKinds.Aws.Kind, new VmGroupRef(_aws.Region, group, new EnvironmentCredentials("AWS_ID", "AWS_KEY", null), _aws.Url)));

    /// <summary>The registry in the text exposition format, as /metrics serves it.</summary>
    private async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task ThrottledThenOk_CallCountedOnceAsOkAndEachAttemptByOutcome()
    {
        _tencent.Inject("ModifyDesiredCapacity", "RequestLimitExceeded");

        var write = await Tencent().WriteAsync(new ScaleRequest(8, 4, ReasonCode.PrewarmFloor, "sale"), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(8), write);
        var text = await ScrapeAsync();
        Assert.Contains("promoscaler_cloud_calls_total{provider=\"tencent\",action=\"ModifyDesiredCapacity\",outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("promoscaler_cloud_attempts_total{provider=\"tencent\",action=\"ModifyDesiredCapacity\",outcome=\"throttled\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("promoscaler_cloud_attempts_total{provider=\"tencent\",action=\"ModifyDesiredCapacity\",outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        // The write reads the group first.
        Assert.Contains("promoscaler_cloud_calls_total{provider=\"tencent\",action=\"DescribeAutoScalingGroups\",outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("promoscaler_cloud_call_duration_seconds_count{provider=\"tencent\",action=\"ModifyDesiredCapacity\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsThrottledOnEveryAttempt_CallThrottledAfterEachRetry()
    {
        // MaxRetries 3: four attempts, all refused, one call.
        _aws.Inject("DescribeAutoScalingGroups", "Throttling", "Throttling", "Throttling", "Throttling");

        var read = await Aws().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Throttled, read.Outcome);
        var text = await ScrapeAsync();
        Assert.Contains("promoscaler_cloud_calls_total{provider=\"aws\",action=\"DescribeAutoScalingGroups\",outcome=\"throttled\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("promoscaler_cloud_attempts_total{provider=\"aws\",action=\"DescribeAutoScalingGroups\",outcome=\"throttled\"} 4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("provider=\"tencent\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCredentials_CountedAsForbidden()
    {
        _harness.Variables.Remove("AWS_KEY");

        var read = await Aws().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Forbidden, read.Outcome);
        Assert.Contains("promoscaler_cloud_calls_total{provider=\"aws\",action=\"DescribeAutoScalingGroups\",outcome=\"forbidden\"} 1", await ScrapeAsync(), StringComparison.Ordinal);
    }
}
