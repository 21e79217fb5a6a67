using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.CustomResources;
using PromoScaler.Kubernetes.Tests.ApiServer;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.CustomResources;

/// <summary>The real kubectl against the in-process API server, with the ScalingPolicy CRD applied as a user would.</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private TestCluster cluster = null!;
    private Kubectl kubectl = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        kubectl = new Kubectl(cluster.KubeconfigPath);
        var crd = kubectl.RunWithInput(ScalingPolicyDefinition.ToYaml(), "apply", "-f", "-");
        Assert.True(crd.ExitCode == 0, crd.ToString());
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/scalingpolicies.promoscaler.io created", crd.Output);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public void Apply_EveryExamplePolicy_CreatesEachInItsTargetsNamespace()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "policies", "examples"), "*.yaml"))
        {
            var ns = TargetNamespace(File.ReadAllText(file));
            var applied = kubectl.Run("apply", "-n", ns, "-f", file);
            Assert.True(applied.ExitCode == 0, $"{Path.GetFileName(file)}: {applied}");
        }

        var listed = kubectl.Run("get", "sp", "-A", "-o", "name");

        Assert.Equal(Directory.GetFiles(Path.Combine(RepositoryRoot(), "policies", "examples"), "*.yaml").Length, listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Get_ShowsThePrinterColumnsFromTheStatus()
    {
        Apply(WatchTests.Policy("checkout"));
        var patched = kubectl.Run("patch", "sp", "checkout", "--subresource=status", "--type=merge", "-p",
            """{"status":{"target":"Deployment/checkout","currentReplicas":12,"desiredReplicas":14,"lastDecision":{"reason":"prewarmFloor"},"window":"prewarm/sale","mode":"target"}}""");
        Assert.True(patched.ExitCode == 0, patched.ToString());

        var table = kubectl.Run("get", "sp", "-A");

        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAMESPACE", "NAME", "TARGET", "CURRENT", "DESIRED", "REASON", "WINDOW", "MODE", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["shop", "checkout", "Deployment/checkout", "12", "14", "prewarmFloor", "prewarm/sale", "target"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..8]);
    }

    [Fact]
    public void Apply_UnknownField_IsRefusedAsStrictDecodingNamesIt()
    {
        var policy = WatchTests.Policy("checkout");
        policy["spec"]!["guardrails"]!["maxReplica"] = 10;

        var applied = kubectl.RunWithInput(policy.ToJsonString(), "apply", "-f", "-");

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.guardrails.maxReplica\"", applied.Error);
        Assert.NotEqual(0, kubectl.Run("get", "sp", "checkout").ExitCode);
    }

    [Fact]
    public void Apply_WrongType_IsRefusedAsInvalidNamingTheField()
    {
        var policy = WatchTests.Policy("checkout");
        policy["spec"]!["guardrails"]!["maxReplicas"] = "lots";

        var applied = kubectl.RunWithInput(policy.ToJsonString(), "apply", "-f", "-");

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("spec.guardrails.maxReplicas: Invalid value: \"string\": spec.guardrails.maxReplicas in body must be of type integer", applied.Error);
    }

    [Fact]
    public void Apply_SpecEdit_BumpsGenerationWhileAStatusPatchDoesNot()
    {
        Apply(WatchTests.Policy("checkout"));
        Assert.Equal("1", Generation());

        var policy = WatchTests.Policy("checkout");
        policy["spec"]!["guardrails"]!["maxReplicas"] = 20;
        Apply(policy);
        Assert.Equal("2", Generation());

        var status = kubectl.Run("patch", "sp", "checkout", "--subresource=status", "--type=merge", "-p", """{"status":{"observedGeneration":2}}""");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("2", Generation());
        Assert.Equal("20", kubectl.Run("get", "sp", "checkout", "-o", "jsonpath={.spec.guardrails.maxReplicas}").Output);
    }

    [Fact]
    public void Describe_ShowsConditionsAndEvents()
    {
        Apply(WatchTests.Policy("checkout"));
        var uid = kubectl.Run("get", "sp", "checkout", "-o", "jsonpath={.metadata.uid}").Output;
        kubectl.Run("patch", "sp", "checkout", "--subresource=status", "--type=merge", "-p",
            """{"status":{"conditions":[{"type":"Valid","status":"False","reason":"InvalidSpec","message":"spec.guardrails.maxReplicas: must be at least minReplicas","lastTransitionTime":"2026-11-11T00:00:00Z"}]}}""");
        cluster.Server.Put(BuiltInResources.CoreEvents, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "checkout.1", ["namespace"] = "shop" },
            ["involvedObject"] = new JsonObject { ["apiVersion"] = "promoscaler.io/v1", ["kind"] = "ScalingPolicy", ["name"] = "checkout", ["namespace"] = "shop", ["uid"] = uid },
            ["type"] = "Warning",
            ["reason"] = "InvalidPolicy",
            ["message"] = "the last good version keeps running",
            ["count"] = 1,
            ["source"] = new JsonObject { ["component"] = "promoscaler" },
        });

        var described = kubectl.Run("describe", "sp", "checkout");

        Assert.True(described.ExitCode == 0, described.ToString());
        Assert.Contains("Conditions:", described.Output);
        Assert.Contains("spec.guardrails.maxReplicas: must be at least minReplicas", described.Output);
        Assert.Contains("InvalidPolicy", described.Output);
        Assert.Contains("the last good version keeps running", described.Output);
    }

    [Fact]
    public void Delete_RemovesThePolicy()
    {
        Apply(WatchTests.Policy("checkout"));

        var deleted = kubectl.Run("delete", "sp", "checkout");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("scalingpolicy.promoscaler.io \"checkout\" deleted", deleted.Output);
        Assert.Contains("NotFound", kubectl.Run("get", "sp", "checkout").Error);
    }

    internal static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "policies", "examples")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("policies/examples not found above the test's directory");
    }

    /// <summary>A policy lives in its target's namespace; a VM group's (no namespace) in default.</summary>
    private static string TargetNamespace(string yaml)
    {
        var match = System.Text.RegularExpressions.Regex.Match(yaml, @"^\s+(?:target:.*\bnamespace: ([a-z0-9-]+)|namespace: ([a-z0-9-]+))", System.Text.RegularExpressions.RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value : "default";
    }

    private string Generation() => kubectl.Run("get", "sp", "checkout", "-o", "jsonpath={.metadata.generation}").Output;

    private void Apply(JsonObject policy)
    {
        var applied = kubectl.RunWithInput(policy.ToJsonString(), "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }
}
