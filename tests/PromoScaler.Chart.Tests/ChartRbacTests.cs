namespace PromoScaler.Chart.Tests;

/// <summary>RBAC limited to the /scale subresources and the objects PromoScaler really touches.</summary>
public sealed class ChartRbacTests
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    [Fact]
    public void Rules_Default_NeverUseWildcardsOrListWatchDelete()
    {
        var rules = RenderedManifests.Parse(Helm.Template()).Rules().ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.DoesNotContain("*", rule.ApiGroups);
            Assert.DoesNotContain("*", rule.Resources);
            Assert.DoesNotContain("*", rule.Verbs);
            Assert.Empty(rule.Verbs.Intersect(["list", "watch", "delete", "deletecollection", "escalate", "bind", "impersonate"]));
        });
    }

    [Fact]
    public void Rules_Default_WriteOnlyScaleSubresourcesHpaEventsAndOwnObjects()
    {
        var rules = RenderedManifests.Parse(Helm.Template()).Rules().ToList();

        var written = rules
            .Where(rule => rule.Verbs.Intersect(WriteVerbs).Any())
            .SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.Select(resource => $"{group}/{resource}")))
            .ToHashSet();

        Assert.Equal(
            new HashSet<string>
            {
                "apps/deployments/scale", "apps/statefulsets/scale", "autoscaling/horizontalpodautoscalers",
                "/events", "coordination.k8s.io/leases", "/configmaps",
            },
            written);
    }

    [Fact]
    public void Rules_Default_WorkloadsThemselvesAreOnlyRead()
    {
        var rules = RenderedManifests.Parse(Helm.Template()).Rules().ToList();

        var workloadRules = rules.Where(rule => rule.Resources.Contains("deployments") || rule.Resources.Contains("statefulsets"));

        Assert.All(workloadRules, rule => Assert.Equal(["get"], rule.Verbs));
    }

    [Fact]
    public void Rules_TargetCache_AddsListAndWatchOnTheWorkloadsOnly()
    {
        var rules = RenderedManifests.Parse(Helm.Template("rbac.targetCache=true")).Rules().ToList();

        var listing = rules.Where(rule => rule.Verbs.Intersect(["list", "watch"]).Any()).ToList();
        var workloads = Assert.Single(listing);
        Assert.Equal(["apps"], workloads.ApiGroups);
        Assert.Equal(["deployments", "statefulsets"], workloads.Resources);
        Assert.Equal(["get", "list", "watch"], workloads.Verbs);
    }

    [Fact]
    public void Rules_OwnObjects_GetAndUpdateOnlyTheirOwnLeaseAndConfigMapInTheReleaseNamespace()
    {
        var rules = RenderedManifests.Parse(Helm.Template()).Rules()
            .Where(rule => rule.Resources.Contains("leases") || rule.Resources.Contains("configmaps"))
            .ToList();

        Assert.All(rules, rule =>
        {
            Assert.Equal("Role", rule.RoleKind);
            Assert.Equal("ops", rule.Namespace);
        });
        var named = rules.Where(rule => rule.Verbs.Contains("update")).ToList();
        Assert.Equal(2, named.Count);
        Assert.Contains(named, rule => rule.Resources.SequenceEqual(["leases"]) && rule.ResourceNames.SequenceEqual(["ps-promoscaler"]));
        Assert.Contains(named, rule => rule.Resources.SequenceEqual(["configmaps"]) && rule.ResourceNames.SequenceEqual(["ps-promoscaler-state"]));
        // create cannot be limited by resourceNames, so it stands alone in its own rule.
        Assert.All(rules.Where(rule => rule.Verbs.Contains("create")), rule => Assert.Equal(["create"], rule.Verbs));
    }

    [Fact]
    public void Rules_Sharded_GetAndUpdateOnlyEachShardsAndMembersLeaseAndEachShardsConfigMap()
    {
        var rules = RenderedManifests.Parse(Helm.Template("replicaCount=3", "sharding.shards=3", "sharding.maxReplicas=4", "sharding.previousShards=4")).Rules()
            .Where(rule => rule.Verbs.Contains("update"))
            .ToList();

        Assert.Equal(2, rules.Count);
        Assert.Contains(rules, rule => rule.Resources.SequenceEqual(["leases"]) && rule.ResourceNames.SequenceEqual(
            ["ps-promoscaler-shard-0", "ps-promoscaler-shard-1", "ps-promoscaler-shard-2",
             "ps-promoscaler-member-0", "ps-promoscaler-member-1", "ps-promoscaler-member-2", "ps-promoscaler-member-3"]));
        // While lowering the count from 4, the removed shard's document stays readable for the policies that move.
        Assert.Contains(rules, rule => rule.Resources.SequenceEqual(["configmaps"]) && rule.ResourceNames.SequenceEqual(
            ["ps-promoscaler-state-shard-0", "ps-promoscaler-state-shard-1", "ps-promoscaler-state-shard-2", "ps-promoscaler-state-shard-3"]));
    }

    [Fact]
    public void Deployment_Sharded_PassesTheShardCountToTheDaemon()
    {
        var rendered = Helm.Template("replicaCount=3", "sharding.shards=3");

        Assert.Contains("PROMOSCALER__LEADERELECTION__SHARDS", rendered.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PROMOSCALER__LEADERELECTION__SHARDS", Helm.Template().Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leaderElection.enabled=false", "replicaCount=1", "needs leaderElection.enabled")]
    [InlineData("stateStore.kind=file", "replicaCount=1", "needs stateStore.kind: configmap")]
    public void Install_ShardedWithoutLeasesOrConfigMapState_FailsNamingTheValue(string value, string replicas, string expected)
    {
        var rendered = Helm.Template("sharding.shards=3", value, replicas);

        Assert.NotEqual(0, rendered.ExitCode);
        Assert.Contains(expected, rendered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_TargetNamespaces_ARolePerNamespaceAndNoClusterRole()
    {
        var manifests = RenderedManifests.Parse(Helm.Template("rbac.targetNamespaces={shop,web}"));

        Assert.Empty(manifests.OfKind("ClusterRole"));
        Assert.Empty(manifests.OfKind("ClusterRoleBinding"));
        var scaleRoles = manifests.Rules()
            .Where(rule => rule.Resources.Contains("deployments/scale"))
            .Select(rule => rule.Namespace)
            .ToList();
        Assert.Equal(["shop", "web"], scaleRoles);
        var bindings = manifests.OfKind("RoleBinding")
            .Where(binding => RenderedManifests.Scalar(binding, "metadata", "name") == "ps-promoscaler-targets")
            .Select(binding => RenderedManifests.Scalar(binding, "metadata", "namespace"))
            .ToList();
        Assert.Equal(["shop", "web"], bindings);
    }

    [Fact]
    public void Rules_ExtraScaleResource_GrantsOnlyItsScaleSubresource()
    {
        var rules = RenderedManifests.Parse(Helm.Template(
            "rbac.extraScaleResources[0].apiGroup=argoproj.io", "rbac.extraScaleResources[0].resource=rollouts")).Rules();

        var argo = Assert.Single(rules, rule => rule.ApiGroups.Contains("argoproj.io"));
        Assert.Equal(["rollouts/scale"], argo.Resources);
        Assert.Equal(["get", "patch"], argo.Verbs);
    }

    [Fact]
    public void Rules_HpaFloorsOff_NoHorizontalPodAutoscalerAccess()
    {
        var rules = RenderedManifests.Parse(Helm.Template("rbac.hpaFloors=false")).Rules();

        Assert.DoesNotContain(rules, rule => rule.Resources.Contains("horizontalpodautoscalers"));
    }

    [Fact]
    public void Rules_LeaderElectionOffWithFileState_NoOwnObjectsRole()
    {
        var manifests = RenderedManifests.Parse(Helm.Template(
            "replicaCount=1", "leaderElection.enabled=false", "stateStore.kind=file"));

        Assert.DoesNotContain(manifests.Rules(), rule => rule.Resources.Contains("leases") || rule.Resources.Contains("configmaps"));
    }

    [Fact]
    public void Rules_RbacCreateOff_RendersNoRoles()
    {
        var manifests = RenderedManifests.Parse(Helm.Template("rbac.create=false"));

        Assert.Empty(manifests.Rules());
        Assert.Empty(manifests.OfKind("RoleBinding"));
        Assert.Empty(manifests.OfKind("ClusterRoleBinding"));
    }
}

/// <summary>The rendered Roles against the grants the code lists (<see cref="Kubernetes.Rbac.KubernetesPermissions"/>).</summary>
public sealed class ChartRbacMatchesCodeTests
{
    [Fact]
    public void Rules_Default_GrantExactlyWhatTheCodeCalls()
    {
        var rules = RenderedManifests.Parse(Helm.Template(
            "rbac.extraScaleResources[0].apiGroup=argoproj.io", "rbac.extraScaleResources[0].resource=rollouts", "policySource=kubernetes", "rbac.targetCache=true")).Rules();

        var granted = rules
            .SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.SelectMany(resource => rule.Verbs.Select(verb =>
                $"{(rule.RoleName.EndsWith("-policies", StringComparison.Ordinal) ? "Policies" : rule.RoleKind == "Role" && rule.Namespace == "ops" ? "Own" : "Targets")} {group}/{resource} {verb}"))))
            .ToHashSet();
        var called = Kubernetes.Rbac.KubernetesPermissions.All
            .Select(p => $"{p.Scope} {p.ApiGroup}/{p.Resource} {p.Verb}")
            .Concat(Kubernetes.Rbac.KubernetesPermissions.CustomScaleVerbs.Select(verb => $"Targets argoproj.io/rollouts/scale {verb}"))
            .ToHashSet();

        Assert.Equal(called.Order(), granted.Order());
    }

    [Fact]
    public void Rules_Sharded_GrantExactlyWhatTheCodeCalls()
    {
        var rules = RenderedManifests.Parse(Helm.Template("replicaCount=3", "sharding.shards=3")).Rules();

        var granted = rules
            .Where(rule => rule.RoleKind == "Role" && rule.Namespace == "ops")
            .SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.SelectMany(resource => rule.Verbs.Select(verb => $"{group}/{resource} {verb}"))))
            .ToHashSet();
        var called = Kubernetes.Rbac.KubernetesPermissions.All
            .Where(p => p.Scope == Kubernetes.Rbac.PermissionScope.Own)
            .Select(p => $"{p.ApiGroup}/{p.Resource} {p.Verb}")
            .ToHashSet();

        Assert.Equal(called.Order(), granted.Order());
    }

    [Fact]
    public void Readme_RbacTable_NamesEveryGrantedVerb()
    {
        var readme = File.ReadAllText(Path.Combine(Helm.ChartDirectory, "README.md"));

        foreach (var grant in Kubernetes.Rbac.KubernetesPermissions.All)
        {
            var row = readme.Split('\n').FirstOrDefault(line => line.StartsWith('|') && line.Contains($"`{grant.Resource}`", StringComparison.Ordinal));
            Assert.True(row is not null && row.Contains(grant.Verb, StringComparison.Ordinal), $"the chart README's RBAC table lacks {grant.Verb} {grant.Resource}");
        }
    }
}

/// <summary>The ScalingPolicy CRD and the policy source's RBAC.</summary>
public sealed class ChartCustomResourceTests
{
    [Fact]
    public void Crd_RendersWithIncludeCrds()
    {
        var result = Helm.TemplateIncludingCrds();

        Assert.Contains(RenderedManifests.Parse(result).OfKind("CustomResourceDefinition"), crd => RenderedManifests.Scalar(crd, "metadata", "name") == "scalingpolicies.promoscaler.io");
    }

    [Fact]
    public void PolicySource_Files_GrantsNothingOnScalingPolicies()
    {
        Assert.DoesNotContain(RenderedManifests.Parse(Helm.Template()).Rules(), rule => rule.ApiGroups.Contains("promoscaler.io"));
    }

    [Fact]
    public void PolicySource_Kubernetes_ReadsPoliciesAndWritesOnlyTheirStatus()
    {
        var manifests = RenderedManifests.Parse(Helm.Template("policySource=kubernetes", "watchNamespaces={shop,web}"));

        var rules = manifests.Rules().Where(rule => rule.ApiGroups.Contains("promoscaler.io")).ToList();
        Assert.Equal(["shop", "shop", "web", "web"], rules.Select(r => r.Namespace));
        Assert.All(rules, rule => Assert.Equal(rule.Resources.SequenceEqual(["scalingpolicies"]) ? ["list", "watch"] : ["patch"], rule.Verbs));
        Assert.All(rules.Where(r => r.Verbs.Contains("patch")), rule => Assert.Equal(["scalingpolicies/status"], rule.Resources));
        Assert.Contains("--policy-source=kubernetes", Helm.Template("policySource=kubernetes", "watchNamespaces={shop,web}").Output, StringComparison.Ordinal);
        Assert.Contains("--watch-namespaces=shop,web", Helm.Template("policySource=kubernetes", "watchNamespaces={shop,web}").Output, StringComparison.Ordinal);
    }
}
