using YamlDotNet.RepresentationModel;

namespace PromoScaler.Chart.Tests;

/// <summary>The daemon's pod: flags, probes, mounts and secure defaults as rendered by helm.</summary>
public sealed class ChartDeploymentTests
{
    [Fact]
    public void Lint_DefaultsAndEveryOptionalPart_Pass()
    {
        var defaults = Helm.Lint();
        var everything = Helm.Lint(
            "serviceMonitor.enabled=true", "rbac.targetNamespaces={shop}", "dryRun=true", "admin.tokensSecret=promoscaler-tokens",
            "rbac.extraScaleResources[0].apiGroup=argoproj.io", "rbac.extraScaleResources[0].resource=rollouts",
            "prometheusRule.enabled=true", "grafanaDashboard.enabled=true", "networkPolicy.enabled=true", "admin.bindAddress=::");

        Assert.True(defaults.ExitCode == 0, defaults.Output + defaults.Error);
        Assert.True(everything.ExitCode == 0, everything.Output + everything.Error);
    }

    [Fact]
    public void Render_Default_HasTheDaemonAndItsObjects()
    {
        var kinds = RenderedManifests.Parse(Helm.Template()).Kinds.Order().ToList();

        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "ConfigMap", "Deployment", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"],
            kinds);
    }

    [Fact]
    public void Pod_Default_RunsLockedDown()
    {
        var pod = PodSpec(RenderedManifests.Parse(Helm.Template()));
        var container = Container(pod);

        Assert.Equal("true", RenderedManifests.Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", RenderedManifests.Scalar(pod, "securityContext", "seccompProfile", "type"));
        Assert.Equal("false", RenderedManifests.Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", RenderedManifests.Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], RenderedManifests.Strings(RenderedManifests.Node(container, "securityContext", "capabilities", "drop")));
        Assert.NotNull(RenderedManifests.Scalar(container, "resources", "limits", "memory"));
    }

    [Fact]
    public void Pod_DefaultMemoryLimit_FitsThePolicyCountsTheFormulaInValuesStates()
    {
        var limit = RenderedManifests.Scalar(Container(PodSpec(RenderedManifests.Parse(Helm.Template()))), "resources", "limits", "memory");
        var comment = string.Join(' ', File.ReadAllLines(Path.Combine(Helm.ChartDirectory, "values.yaml"))
            .SkipWhile(l => !l.StartsWith("# -- Resources of the daemon container.", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')));
        var formula = System.Text.RegularExpressions.Regex.Match(
            comment, @"= (\d+)Mi \+ (\d+)Ki per target-mode policy \((\d+)Ki per calibrated.*fits about ([\d,]+) target-mode or ([\d,]+) calibrated");
        Assert.True(formula.Success, comment);
        double Number(int group) => double.Parse(formula.Groups[group].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

        var limitKi = double.Parse(limit!.Replace("Mi", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) * 1024;
        var (baseKi, targetKi, calibratedKi) = (Number(1) * 1024, Number(2), Number(3));
        // "About N" policies: the formula for N fits under the default limit, and for N plus a tenth it does not.
        Assert.InRange(limitKi, baseKi + (targetKi * Number(4)), baseKi + (targetKi * Number(4) * 1.1));
        Assert.InRange(limitKi, baseKi + (calibratedKi * Number(5)), baseKi + (calibratedKi * Number(5) * 1.1));
    }

    [Fact]
    public void Pod_Default_ElectsALeaderAndProbesHealthAndReadiness()
    {
        var manifests = RenderedManifests.Parse(Helm.Template());
        var container = Container(PodSpec(manifests));
        var arguments = RenderedManifests.Strings(RenderedManifests.Node(container, "args")).ToList();

        Assert.Equal("2", RenderedManifests.Scalar(manifests.Single("Deployment"), "spec", "replicas"));
        Assert.Equal("run", arguments[0]);
        Assert.Contains("--leader-elect", arguments);
        Assert.Contains("--policies=/etc/promoscaler/policies", arguments);
        Assert.Contains("--urls=http://0.0.0.0:9464", arguments);
        Assert.DoesNotContain("--dry-run", arguments);
        Assert.Equal("/healthz", RenderedManifests.Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", RenderedManifests.Scalar(container, "readinessProbe", "httpGet", "path"));
    }

    [Fact]
    public void Pod_DryRun_PassesTheFlag()
    {
        var arguments = RenderedManifests.Strings(RenderedManifests.Node(
            Container(PodSpec(RenderedManifests.Parse(Helm.Template("dryRun=true")))), "args"));

        Assert.Contains("--dry-run", arguments);
    }

    [Fact]
    public void Pod_TokensSecret_MountedAsADirectoryAndPassedAsTheTokenFile_OffByDefault()
    {
        var container = Container(PodSpec(RenderedManifests.Parse(Helm.Template("admin.tokensSecret=promoscaler-tokens"))));

        Assert.Contains("--token-file=/etc/promoscaler/tokens/tokens", RenderedManifests.Strings(RenderedManifests.Node(container, "args")));
        var mount = ((YamlSequenceNode)RenderedManifests.Node(container, "volumeMounts")!).Children
            .Single(node => RenderedManifests.Scalar(node, "name") == "tokens");
        Assert.Equal("/etc/promoscaler/tokens", RenderedManifests.Scalar(mount, "mountPath"));
        Assert.Null(RenderedManifests.Scalar(mount, "subPath"));
        var byDefault = RenderedManifests.Strings(RenderedManifests.Node(Container(PodSpec(RenderedManifests.Parse(Helm.Template()))), "args"));
        Assert.DoesNotContain(byDefault, a => a.StartsWith("--token-file", StringComparison.Ordinal));
    }

    [Fact]
    public void Pod_Policies_MountedAsADirectorySoConfigMapUpdatesReachTheHotReload()
    {
        var container = Container(PodSpec(RenderedManifests.Parse(Helm.Template())));

        var mount = ((YamlSequenceNode)RenderedManifests.Node(container, "volumeMounts")!).Children
            .Single(node => RenderedManifests.Scalar(node, "name") == "policies");
        Assert.Equal("/etc/promoscaler/policies", RenderedManifests.Scalar(mount, "mountPath"));
        Assert.Null(RenderedManifests.Scalar(mount, "subPath"));
    }

    [Fact]
    public void Render_SeveralReplicasWithoutLeaderElection_IsRefusedByTheSchema()
    {
        var result = Helm.Template("leaderElection.enabled=false");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at '/leaderElection/enabled': value must be true", result.Error);
    }

    [Fact]
    public void Render_FileStateWithSeveralReplicas_IsRefusedByTheSchema()
    {
        var result = Helm.Template("stateStore.kind=file");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at '/stateStore/kind': value must be 'configmap'", result.Error);
    }

    [Fact]
    public void Render_UnknownStateStore_IsRefusedByTheSchema()
    {
        var result = Helm.Template("stateStore.kind=redis");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at '/stateStore/kind': value must be one of 'configmap', 'file'", result.Error);
    }

    [Fact]
    public void Render_FileStateOnOneReplica_RecreatesAndKeepsTheFileOnAClaim()
    {
        var manifests = RenderedManifests.Parse(Helm.Template(
            "replicaCount=1", "stateStore.kind=file", "persistence.enabled=true"));
        var deployment = manifests.Single("Deployment");
        var arguments = RenderedManifests.Strings(RenderedManifests.Node(Container(PodSpec(manifests)), "args"));

        Assert.Equal("Recreate", RenderedManifests.Scalar(deployment, "spec", "strategy", "type"));
        Assert.Contains("--state-file=/var/lib/promoscaler/state.json", arguments);
        Assert.Single(manifests.OfKind("PersistentVolumeClaim"));
        Assert.Empty(manifests.OfKind("PodDisruptionBudget"));
    }

    [Fact]
    public void Render_ServiceMonitorEnabled_ScrapesMetricsOnTheAdminPort()
    {
        var monitor = RenderedManifests.Parse(Helm.Template("serviceMonitor.enabled=true")).Single("ServiceMonitor");

        var endpoint = ((YamlSequenceNode)RenderedManifests.Node(monitor, "spec", "endpoints")!).Children.Single();
        Assert.Equal("admin", RenderedManifests.Scalar(endpoint, "port"));
        Assert.Equal("/metrics", RenderedManifests.Scalar(endpoint, "path"));
    }

    [Fact]
    public void Render_PolicyFiles_LandInThePoliciesConfigMapVerbatim()
    {
        var policy = Path.GetTempFileName();
        File.WriteAllText(policy, "apiVersion: promoscaler.io/v1\nkind: ScalingPolicy\nmetadata:\n  name: web\n");
        try
        {
            var manifests = RenderedManifests.Parse(Helm.TemplateWithFiles(
                new Dictionary<string, string> { ["policies.files.web\\.yaml"] = policy }));

            var configMap = manifests.OfKind("ConfigMap").Single(map => RenderedManifests.Scalar(map, "metadata", "name") == "ps-promoscaler-policies");
            Assert.Equal(File.ReadAllText(policy).TrimEnd('\n'), RenderedManifests.Scalar(configMap, "data", "web.yaml"));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public void Render_PolicyFileWithoutYamlExtension_IsRefused()
    {
        var result = Helm.Template("policies.files.web\\.txt=x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("must end in .yaml or .yml", result.Error);
    }

    private static YamlMappingNode PodSpec(RenderedManifests manifests) =>
        (YamlMappingNode)RenderedManifests.Node(manifests.Single("Deployment"), "spec", "template", "spec")!;

    private static YamlMappingNode Container(YamlMappingNode podSpec) =>
        (YamlMappingNode)((YamlSequenceNode)RenderedManifests.Node(podSpec, "containers")!).Children.Single();
}
