using System.Reflection;
using System.Text.RegularExpressions;
using PromoScaler.Cloud;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies;

/// <summary>Target kinds beyond Kubernetes' own come from the adapters: the core names no provider.</summary>
public sealed class TargetKindsTests
{
    [Fact]
    public void TheCoreAssembly_NamesNoCloudProvider_InAnyTypeOrMember()
    {
        var names = typeof(TargetKind).Assembly.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => $"{t.FullName}.{m.Name}").Prepend(t.FullName ?? t.Name));

        Assert.DoesNotContain(names, n => n.Contains("Tencent", StringComparison.Ordinal) || n.Contains("Aws", StringComparison.Ordinal));
    }

    [Fact]
    public void RegisteringTheAdaptersKindsAgain_ChangesNothing()
    {
        var before = TargetKinds.VmGroups;

        CloudTargetKinds.Register();

        Assert.Same(before, TargetKinds.VmGroups);
        Assert.Equal(["TencentCloudAutoScalingGroup", "AwsAutoScalingGroup"], TargetKinds.VmGroups.Select(k => k.Name));
    }

    [Fact]
    public void AnotherDescriptionUnderARegisteredOrKubernetesName_IsRefused_AndNothingIsAdded()
    {
        var before = TargetKinds.VmGroups;
        var other = CloudTargetKinds.Aws with { Group = new VmGroupField("groupArn", new Regex("^arn:"), 255, "an ARN") };

        Assert.Throws<InvalidOperationException>(() => TargetKinds.Register(other));
        Assert.Throws<InvalidOperationException>(() => TargetKinds.Register(other with { Name = "Deployment" }));
        Assert.Same(before, TargetKinds.VmGroups);
    }

    [Fact]
    public void ARegisteredKind_IsReadByItsDescription_GroupFieldAndDefaultCredentials()
    {
        var yaml = """
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata: { name: nodes }
            spec:
              target: { kind: AwsAutoScalingGroup, region: us-east-1, groupName: web-asg }
              metrics: [{ name: cpu, query: "sum(x)", targetPerReplica: 1 }]
              guardrails: { minReplicas: 1, maxReplicas: 10 }
            """;

        var target = Assert.Single(PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now).Policies).Spec.Target;

        Assert.Equal(CloudTargetKinds.Aws.Kind, target.Kind);
        Assert.True(target.IsVmGroup);
        Assert.Equal("AwsAutoScalingGroup us-east-1/web-asg", target.ToString());
        Assert.Equal(CloudTargetKinds.Aws.Credentials.Default, target.Group!.Credentials);
    }
}
