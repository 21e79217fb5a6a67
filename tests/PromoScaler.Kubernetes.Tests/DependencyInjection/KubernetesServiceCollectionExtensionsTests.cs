using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Connection;
using PromoScaler.Kubernetes.DependencyInjection;
using PromoScaler.Kubernetes.State;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.DependencyInjection;

public sealed class KubernetesServiceCollectionExtensionsTests
{
    private static readonly KubernetesEnvironment Nowhere = new(false, null, null);

    [Fact]
    public async Task AddKubernetesScaleTargets_FromAKubeconfig_ServesTargetsThroughTheRealClient()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3));
        var (services, section) = Services(new() { ["Kubernetes:Kubeconfig"] = cluster.KubeconfigPath });
        using var provider = services.AddKubernetesScaleTargets(section).BuildServiceProvider();

        var targets = provider.GetRequiredService<IScaleTargetProvider>();
        var read = await targets.Create(new TargetRef(TargetKind.Deployment, "shop", "web")).ObserveAsync(CancellationToken.None);

        Assert.Equal(3, read.Observation!.SpecReplicas);
    }

    [Fact]
    public void AddKubernetesScaleTargets_BadOptions_ListsEveryErrorAtStart()
    {
        var (services, section) = Services(new()
        {
            ["Kubernetes:Timeout"] = "00:00:30",
            ["Kubernetes:TotalTimeout"] = "00:00:10",
            ["Kubernetes:Retry:MaxRetries"] = "50",
        });
        using var provider = services.AddKubernetesScaleTargets(section).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KubernetesOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("Kubernetes:TotalTimeout:", StringComparison.Ordinal));
        Assert.Contains("Kubernetes:Retry:MaxRetries: The field MaxRetries must be between 0 and 10.", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("no Kubernetes connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddKubernetesScaleTargets_CheckedOnFirstUse_StartsWithoutAConnection_AndEachTargetSaysWhy()
    {
        var (services, section) = Services([]);
        using var provider = services.AddKubernetesScaleTargets(section, KubernetesConnectionCheck.OnFirstUse).BuildServiceProvider();

        _ = provider.GetRequiredService<IOptions<KubernetesOptions>>().Value;
        var target = provider.GetRequiredService<IScaleTargetProvider>().Create(new TargetRef(TargetKind.Deployment, "shop", "web"));
        var read = await target.ObserveAsync(CancellationToken.None);
        var write = await target.WriteAsync(new ScaleRequest(3, 2, Core.Engine.ReasonCode.ReactiveProposal, "x"), CancellationToken.None);

        Assert.Equal(TargetOutcome.Unavailable, read.Outcome);
        Assert.StartsWith("no Kubernetes connection: Kubernetes:Kubeconfig (--kubeconfig) is not set", read.Detail, StringComparison.Ordinal);
        Assert.EndsWith("(fix the kubeconfig, then restart)", read.Detail, StringComparison.Ordinal);
        Assert.Equal(TargetOutcome.Unavailable, write.Outcome);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void AddKubernetesScaleTargets_CheckedOnFirstUse_StillFailsAtStartWhenAFileIsNamedOrAnotherPartNeedsIt(bool namedFile, bool storeNeedsIt)
    {
        var (services, section) = Services(namedFile ? new() { ["Kubernetes:Kubeconfig"] = "/nonexistent/kubeconfig" } : []);
        services.AddKubernetesScaleTargets(section, KubernetesConnectionCheck.OnFirstUse);
        if (storeNeedsIt)
        {
            services.AddKubernetesConnection(section);
        }

        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KubernetesOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("kubeconfig", StringComparison.OrdinalIgnoreCase) || f.StartsWith("no Kubernetes connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddKubernetesScaleTargets_RegisteredTwiceWithTheStore_OneConnectionAndOneProvider()
    {
        await using var cluster = await TestCluster.StartAsync();
        var (services, section) = Services(new() { ["Kubernetes:Kubeconfig"] = cluster.KubeconfigPath, ["State:Name"] = "state" });
        using var provider = services
            .AddKubernetesScaleTargets(section)
            .AddKubernetesScaleTargets(section)
            .AddKubernetesConfigMapStateStore(section, StateSection(services))
            .BuildServiceProvider();

        var store = provider.GetRequiredService<IStateStore>();
        var written = await store.WriteAsync("{}", null, CancellationToken.None);

        Assert.Single(provider.GetServices<IScaleTargetProvider>());
        Assert.IsType<ConfigMapStateStore>(store);
        Assert.Equal(StateWriteOutcome.Written, written.Outcome);
        Assert.NotNull(cluster.Server.Get(BuiltInResources.ConfigMaps, "shop", "state"));
        Assert.Same(provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<KubernetesConnection>().Client);
    }

    [Fact]
    public void AddKubernetesConfigMapStateStore_BadNames_FailAtStartNamingEach()
    {
        var (services, section) = Services(new() { ["State:Name"] = "Not_A_Name", ["State:Namespace"] = "Shop" });
        using var provider = services.AddKubernetesConfigMapStateStore(section, StateSection(services)).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ConfigMapStateStoreOptions>>().Value);

        // Named by the keys of the section the store was bound from (State here; State:ConfigMap in the daemon).
        Assert.Contains(ex.Failures, f => f.StartsWith("State:Namespace: The field Namespace must match the regular expression", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("State:Name: The field Name must match the regular expression", StringComparison.Ordinal));
    }

    [Fact]
    public void AddKubernetesScaleTargets_UnknownKey_IsRefused()
    {
        var (services, section) = Services(new() { ["Kubernetes:Kubeconfig"] = "x", ["Kubernetes:Timeuot"] = "00:00:01" });
        using var provider = services.AddKubernetesScaleTargets(section).BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<KubernetesOptions>>().Value);

        Assert.Contains("Timeuot", ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration StateSection(ServiceCollection services) =>
        ((IConfiguration)services.Single(d => d.ServiceType == typeof(IConfiguration)).ImplementationInstance!).GetSection("State");

    private static (ServiceCollection Services, IConfiguration Kubernetes) Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(Nowhere);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        return (services, configuration.GetSection(KubernetesConstants.ConfigurationSection));
    }
}
