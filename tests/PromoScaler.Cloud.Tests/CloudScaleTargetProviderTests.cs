using PromoScaler.Cloud.Tests.Infrastructure;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Tests;

/// <summary>From a policy file to a write: the loader's target, the registered provider, a loopback API.</summary>
public sealed class CloudScaleTargetProviderTests : IDisposable
{
    private readonly CloudHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private TargetRef Load(string target)
    {
        var yaml = $"""
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata:
              name: nodes
            spec:
              target:
            {target}
              metrics:
                - name: rps
                  query: sum(rate(http_requests_total[2m]))
                  targetPerReplica: 800
              guardrails:
                maxReplicas: 60
            """;
        var result = PolicyLoader.LoadText("nodes.yaml", yaml, _harness.Time.GetUtcNow());
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Assert.Single(result.Policies).Spec.Target;
    }

    [Fact]
    public async Task TencentPolicy_LoadedAndWritten_ThroughTheRegisteredProvider()
    {
        await using var cloud = await FakeTencentAutoScaling.StartAsync(_harness.Time);
        cloud.Groups["asg-web01"] = new FakeGroup("asg-web01", 4, 2, 40);
        _harness.Variables["TC_ID"] = FakeTencentAutoScaling.SecretId;
        _harness.Variables["TC_KEY"] = FakeTencentAutoScaling.SecretKey;
        var target = _harness.Create(Load($"""
                kind: TencentCloudAutoScalingGroup
                region: ap-guangzhou
                groupId: asg-web01
                credentials: {"{"} secretIdEnv: TC_ID, secretKeyEnv: TC_KEY {"}"}
                endpoint: {cloud.Url}
            """));

        var write = await target.WriteAsync(new ScaleRequest(30, 4, ReasonCode.PrewarmFloor, "pre-warm double-11"), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(30), write);
        Assert.Equal(30, cloud.Groups["asg-web01"].Desired);
    }

    [Fact]
    public async Task AwsPolicy_LoadedAndObserved_ThroughTheRegisteredProvider()
    {
        await using var cloud = await FakeAwsAutoScaling.StartAsync(_harness.Time);
        cloud.Groups["web-asg"] = new FakeGroup("web-asg", 3, 1, 10);
        _harness.Variables["AWS_ACCESS_KEY_ID"] = FakeAwsAutoScaling.AccessKeyId;
        _harness.Variables["AWS_SECRET_ACCESS_KEY"] = FakeAwsAutoScaling.SecretAccessKey;
        var target = _harness.Create(Load($"""
                kind: AwsAutoScalingGroup
                region: us-east-1
                groupName: web-asg
                endpoint: {cloud.Url}
            """));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(new TargetObservation(3, 3, 3), read.Observation);
    }

    [Fact]
    public void Serves_OnlyVmGroupKinds()
    {
        Assert.False(_harness.Provider.Serves(new TargetRef(TargetKind.Deployment, "shop", "api")));
        Assert.True(_harness.Provider.Serves(TargetRef.ForGroup(
            CloudTargetKinds.Aws.Kind, new VmGroupRef("us-east-1", "w", CloudTargetKinds.Aws.Credentials.Default))));
    }
}
