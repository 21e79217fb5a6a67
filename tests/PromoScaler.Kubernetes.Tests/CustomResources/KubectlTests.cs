using PromoScaler.Kubernetes.CustomResources;
using PromoScaler.Kubernetes.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PromoScaler.Kubernetes.Tests.CustomResources;

public sealed class KubectlTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        await using var cluster = await TestCluster.StartAsync();
        var kubectl = new Kubectl(cluster.KubeconfigPath);
        var r = kubectl.RunWithInput(ScalingPolicyDefinition.ToYaml(), "apply", "-f", "-", "-v=6");
        output.WriteLine(r.ToString());
        var p = File.ReadAllText(Path.Combine(Root(), "policies", "examples", "checkout-api.yaml"));
        r = kubectl.RunWithInput(p, "apply", "-f", "-", "-v=6");
        output.WriteLine(r.ToString());
        r = kubectl.Run("get", "sp", "-A", "-v=6");
        output.WriteLine(r.ToString());
        r = kubectl.Run("describe", "sp", "checkout-api");
        output.WriteLine(r.ToString());
        r = kubectl.Run("delete", "sp", "checkout-api", "-v=6");
        output.WriteLine(r.ToString());
        Assert.Fail("probe");
    }

    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "policies", "examples")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("policies/examples not found");
    }
}
