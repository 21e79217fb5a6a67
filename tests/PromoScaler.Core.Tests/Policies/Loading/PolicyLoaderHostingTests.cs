using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary><c>spec.hostedBy</c> / <c>spec.podsPerNode</c>: read per document, checked across the files of a load.</summary>
public sealed class PolicyLoaderHostingTests
{
    private const string Prewarm = "prewarm:\n  - { name: sale, start: 2030-11-11T00:00:00Z, lead: 30m, replicas: 42, hold: 1h, rampDown: 30m }";

    private static string Group(string name = "nodes", string spec = "startup: 3m", int maxReplicas = 50) => PolicyYaml.Policy(name, spec)
        .Replace($"  target: {{ kind: Deployment, namespace: shop, name: {name} }}", "  target: { kind: TencentCloudAutoScalingGroup, region: ap-guangzhou, groupId: asg-" + name + " }", StringComparison.Ordinal)
        .Replace("maxReplicas: 50", $"maxReplicas: {maxReplicas}", StringComparison.Ordinal);

    private static string Pods(string name = "checkout", string hosting = "hostedBy: nodes\npodsPerNode: 4", string more = "") =>
        PolicyYaml.Policy(name, more.Length == 0 ? hosting : hosting + "\n" + more);

    private static PolicyLoadResult Load(params (string File, string Text)[] files) =>
        PolicyLoader.LoadText(files.Select(f => new PolicySource(f.File, f.Text)), TestPaths.Now);

    private static List<string> Errors(params (string File, string Text)[] files)
    {
        var result = Load(files);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Policies);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    [Fact]
    public void LoadText_PodPolicyHostedByGroupInAnotherFile_ReadsTheLink()
    {
        var result = Load(("pods.yaml", Pods()), ("nodes.yaml", Group()));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var pods = result.Policies.Single(p => p.Name == "checkout");
        Assert.Equal(new HostingLink("nodes", 4), pods.Spec.HostedBy);
        Assert.Null(result.Policies.Single(p => p.Name == "nodes").Spec.HostedBy);
    }

    [Fact]
    public void LoadText_LoadedCatalog_GroupCarriesTheNodePrewarmItsPodsImply()
    {
        // 42 pods at 4 per node: ceil(42 / 4) = 11 nodes, from start - 30m lead - 3m group startup.
        var result = Load(("pods.yaml", Pods(more: Prewarm)), ("nodes.yaml", Group()));

        var group = result.Policies.Single(p => p.Name == "nodes");
        var hosted = Assert.Single(group.Spec.HostedPrewarm);
        Assert.Equal("checkout", hosted.Policy);
        Assert.Equal(42, hosted.PodFloor);
        Assert.Equal("checkout/sale", hosted.Window.Name);
        Assert.Equal(11, hosted.Window.Replicas);
        Assert.Equal(TimeSpan.FromMinutes(33), hosted.Window.Lead);
        Assert.Empty(group.Spec.Prewarm);
    }

    [Fact]
    public void LoadText_HostedByUnknownPolicy_ErrorAtTheField()
    {
        var errors = Errors(("pods.yaml", Pods(hosting: "hostedBy: nodez\npodsPerNode: 4")), ("nodes.yaml", Group()));

        Assert.Equal(["pods.yaml:11:13 spec.hostedBy: unknown policy \"nodez\": no policy of this load has that metadata.name (load the whole policy directory)"], errors);
    }

    [Fact]
    public void LoadText_PodFileAlone_HostIsUnknown()
    {
        // The link joins two files: loading one of them alone cannot resolve it.
        var errors = Errors(("pods.yaml", Pods()));

        Assert.Contains(errors, e => e.StartsWith("pods.yaml:11:13 spec.hostedBy: unknown policy \"nodes\"", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadText_HostedByAPodPolicy_ErrorNamesItsTarget()
    {
        var errors = Errors(("pods.yaml", Pods()), ("other.yaml", PolicyYaml.Policy("nodes")));

        Assert.Equal(["pods.yaml:11:13 spec.hostedBy: policy \"nodes\" scales Deployment shop/nodes, not a VM group (TencentCloudAutoScalingGroup or AwsAutoScalingGroup); only a VM group hosts pods"], errors);
    }

    [Fact]
    public void LoadText_HostedByItself_IsACycle()
    {
        var errors = Errors(("pods.yaml", Pods(hosting: "hostedBy: checkout\npodsPerNode: 4")));

        Assert.Equal(["pods.yaml:11:13 spec.hostedBy: the hostedBy links form a cycle: \"checkout\" -> \"checkout\""], errors);
    }

    [Fact]
    public void LoadText_TwoPodPoliciesHostingEachOther_CycleReportedAtBoth()
    {
        var errors = Errors(
            ("a.yaml", Pods("a", "hostedBy: b\npodsPerNode: 2")),
            ("b.yaml", Pods("b", "hostedBy: a\npodsPerNode: 2")));

        Assert.Equal(
            [
                "a.yaml:11:13 spec.hostedBy: the hostedBy links form a cycle: \"a\" -> \"b\" -> \"a\"",
                "b.yaml:11:13 spec.hostedBy: the hostedBy links form a cycle: \"b\" -> \"a\" -> \"b\"",
            ],
            errors);
    }

    [Fact]
    public void LoadText_VmGroupWithHostedBy_Refused()
    {
        var errors = Errors(("nodes.yaml", Group(spec: "hostedBy: big\npodsPerNode: 2")), ("big.yaml", Group("big")));

        Assert.Contains("nodes.yaml:11:13 spec.hostedBy: a VM group policy is a host, not hosted: only a pod policy names the group that runs it", errors);
    }

    [Fact]
    public void LoadText_HostedByWithoutPodsPerNode_RequiredError()
    {
        var errors = Errors(("pods.yaml", Pods(hosting: "hostedBy: nodes")), ("nodes.yaml", Group()));

        Assert.Equal(["pods.yaml:6:3 spec.podsPerNode: required with spec.hostedBy: how many of this policy's pods one node runs"], errors);
    }

    [Theory]
    [InlineData("0", "pods.yaml:12:16 spec.podsPerNode: 0 is below the minimum 1")]
    [InlineData("-3", "pods.yaml:12:16 spec.podsPerNode: -3 is below the minimum 1")]
    [InlineData("2.5", "pods.yaml:12:16 spec.podsPerNode: expected an integer, found")]
    public void LoadText_PodsPerNodeBelowOneOrNotAnInteger_ErrorAtItsValue(string value, string expected)
    {
        var errors = Errors(("pods.yaml", Pods(hosting: "hostedBy: nodes\npodsPerNode: " + value)), ("nodes.yaml", Group()));

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_PodsPerNodeWithoutHostedBy_Refused()
    {
        var errors = Errors(("pods.yaml", Pods(hosting: "podsPerNode: 4")));

        Assert.Equal(["pods.yaml:11:16 spec.podsPerNode: applies only with spec.hostedBy (the VM group policy that runs these pods)"], errors);
    }

    [Fact]
    public void LoadText_NodeFloorAboveGroupMax_WarnsAtThePodsPrewarm()
    {
        var result = Load(("pods.yaml", Pods(more: Prewarm)), ("nodes.yaml", Group(maxReplicas: 8)));

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings, w => w.Path == "spec.prewarm[0].replicas");
        Assert.Equal("pods.yaml", warning.Location.File);
        Assert.Contains("42 pods need 11 nodes (podsPerNode 4), above the maxReplicas 8 of VM group policy \"nodes\"", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_HostedMultiplierPrewarm_WarnsThatNodesFollowThePods()
    {
        var multiplier = "prewarm:\n  - { name: flash, start: 2030-11-11T00:00:00Z, lead: 30m, multiplier: 3, hold: 1h, rampDown: 30m }";
        var result = Load(("pods.yaml", Pods(more: multiplier)), ("nodes.yaml", Group()));

        Assert.True(result.Succeeded);
        Assert.Single(result.Warnings, w => w.Path == "spec.prewarm[0].multiplier" && w.Message.Contains("follow the pods' desired count", StringComparison.Ordinal));
        Assert.Empty(result.Policies.Single(p => p.Name == "nodes").Spec.HostedPrewarm);
    }
}
