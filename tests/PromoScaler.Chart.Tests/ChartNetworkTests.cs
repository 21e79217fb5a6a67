using YamlDotNet.RepresentationModel;

namespace PromoScaler.Chart.Tests;

/// <summary>The admin listener binds where the chart says, and the optional NetworkPolicy limits who reaches it.</summary>
public sealed class ChartNetworkTests
{
    [Theory]
    [InlineData("0.0.0.0", 9464, "http://0.0.0.0:9464")]
    [InlineData("::", 8080, "http://[::]:8080")]
    [InlineData("10.1.2.3", 9000, "http://10.1.2.3:9000")]
    public void AdminListener_BindAddressAndPort_SameInTheFlagContainerServiceAndProbes(string address, int port, string url)
    {
        var manifests = RenderedManifests.Parse(Helm.Template($"admin.bindAddress={address}", $"admin.port={port}", "networkPolicy.enabled=true"));
        var container = (YamlMappingNode)((YamlSequenceNode)RenderedManifests.Node(manifests.Single("Deployment"), "spec", "template", "spec", "containers")!).Children.Single();

        Assert.Contains($"--urls={url}", RenderedManifests.Strings(RenderedManifests.Node(container, "args")));
        var containerPort = ((YamlSequenceNode)RenderedManifests.Node(container, "ports")!).Children.Single();
        Assert.Equal(("admin", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (RenderedManifests.Scalar(containerPort, "name"), RenderedManifests.Scalar(containerPort, "containerPort")));
        Assert.Equal("admin", RenderedManifests.Scalar(container, "readinessProbe", "httpGet", "port"));
        Assert.Equal("admin", RenderedManifests.Scalar(container, "livenessProbe", "httpGet", "port"));
        var servicePort = ((YamlSequenceNode)RenderedManifests.Node(manifests.Single("Service"), "spec", "ports")!).Children.Single();
        Assert.Equal(("admin", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (RenderedManifests.Scalar(servicePort, "targetPort"), RenderedManifests.Scalar(servicePort, "port")));
        var ingress = ((YamlSequenceNode)RenderedManifests.Node(manifests.Single("NetworkPolicy"), "spec", "ingress")!).Children.Single();
        var allowed = ((YamlSequenceNode)RenderedManifests.Node(ingress, "ports")!).Children.Single();
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), RenderedManifests.Scalar(allowed, "port"));
    }

    [Fact]
    public void NetworkPolicy_OffByDefault()
    {
        Assert.Empty(RenderedManifests.Parse(Helm.Template()).OfKind("NetworkPolicy"));
    }

    [Fact]
    public void NetworkPolicy_Enabled_AdminPortOnlyFromTheNamedNamespacesAndEgressOnlyWhereItCalls()
    {
        var policy = RenderedManifests.Parse(Helm.Template(
            "networkPolicy.enabled=true", "networkPolicy.ingress.namespaces={monitoring,oncall}",
            "networkPolicy.egress.apiServer.cidrs={10.96.0.1/32}", "networkPolicy.egress.cloudEndpoints.cidrs={203.0.113.0/24}")).Single("NetworkPolicy");

        Assert.Equal(["Ingress", "Egress"], RenderedManifests.Strings(RenderedManifests.Node(policy, "spec", "policyTypes")));
        var ingress = ((YamlSequenceNode)RenderedManifests.Node(policy, "spec", "ingress")!).Children.Single();
        var from = ((YamlSequenceNode)RenderedManifests.Node(ingress, "from")!).Children.Single();
        var expression = ((YamlSequenceNode)RenderedManifests.Node(from, "namespaceSelector", "matchExpressions")!).Children.Single();
        Assert.Equal("kubernetes.io/metadata.name", RenderedManifests.Scalar(expression, "key"));
        Assert.Equal(["monitoring", "oncall"], RenderedManifests.Strings(RenderedManifests.Node(expression, "values")));
        Assert.Null(RenderedManifests.Node(from, "podSelector"));
        var egress = ((YamlSequenceNode)RenderedManifests.Node(policy, "spec", "egress")!).Children.OfType<YamlMappingNode>().ToList();
        var ports = egress.SelectMany(rule => ((YamlSequenceNode)RenderedManifests.Node(rule, "ports")!).Children.Select(p => RenderedManifests.Scalar(p, "port"))).ToHashSet();
        Assert.Equal(new HashSet<string?> { "53", "443", "6443", "9090" }, ports);
        var blocks = egress.SelectMany(rule => (RenderedManifests.Node(rule, "to") as YamlSequenceNode)?.Children ?? [])
            .Select(to => RenderedManifests.Scalar(to, "ipBlock", "cidr")).OfType<string>().ToList();
        Assert.Equal(["10.96.0.1/32", "203.0.113.0/24"], blocks);
    }

    [Fact]
    public void Sharded_ReplicasReachEachOthersAdminPort_AndEachKnowsItsPodIp()
    {
        var manifests = RenderedManifests.Parse(Helm.Template(
            "replicaCount=3", "sharding.shards=3", "networkPolicy.enabled=true", "networkPolicy.ingress.namespaces={oncall}", "admin.port=9000"));

        var policy = manifests.Single("NetworkPolicy");
        foreach (var direction in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var rules = ((YamlSequenceNode)RenderedManifests.Node(policy, "spec", direction.Item1)!).Children;
            Assert.Contains(rules, rule =>
                (RenderedManifests.Node(rule, direction.Item2) as YamlSequenceNode)?.Children.Any(peer =>
                    RenderedManifests.Scalar(peer, "podSelector", "matchLabels", "app.kubernetes.io/name") == "promoscaler") == true
                && ((YamlSequenceNode)RenderedManifests.Node(rule, "ports")!).Children.Select(p => RenderedManifests.Scalar(p, "port")).SequenceEqual(["9000"]));
        }

        var container = ((YamlSequenceNode)RenderedManifests.Node(manifests.Single("Deployment"), "spec", "template", "spec", "containers")!).Children.Single();
        Assert.Contains(((YamlSequenceNode)RenderedManifests.Node(container, "env")!).Children, env =>
            RenderedManifests.Scalar(env, "name") == "POD_IP" && RenderedManifests.Scalar(env, "valueFrom", "fieldRef", "fieldPath") == "status.podIP");

        // Unsharded, no replica forwards to another: neither rule nor variable.
        var single = RenderedManifests.Parse(Helm.Template("networkPolicy.enabled=true", "networkPolicy.ingress.namespaces={oncall}"));
        Assert.Null(RenderedManifests.Node(((YamlSequenceNode)RenderedManifests.Node(single.Single("NetworkPolicy"), "spec", "ingress")!).Children.Single(), "from", "podSelector"));
        Assert.DoesNotContain("POD_IP", Helm.Template().Output, StringComparison.Ordinal);
    }
}
