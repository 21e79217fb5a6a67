using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Daemon.Tests.Support;

/// <summary>
/// What the end-to-end tests share: an in-process API server with the Deployment <c>shop/checkout</c> at 2 replicas,
/// and a temp directory with the policy <c>checkout</c> in <see cref="Policies"/>.
/// </summary>
public abstract class ClusterScene : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    internal TempDirectory Scratch => _directory;

    internal KubernetesApiServer Server { get; private set; } = null!;

    internal string Policies => _directory.File("policies");

    public virtual async Task InitializeAsync()
    {
        Server = await KubernetesApiServer.StartAsync();
        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "checkout", 2, readyReplicas: 2));
        Directory.CreateDirectory(Policies);
        await File.WriteAllTextAsync(Path.Combine(Policies, "checkout.yaml"), DaemonPolicyYaml.Policy("checkout"));
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The Deployment's <c>spec.replicas</c> as the API server holds it.</summary>
    internal int Replicas(string name = "checkout") => (int)Server.Get(BuiltInResources.Deployments, "shop", name)!["spec"]!["replicas"]!;

    /// <summary>Waits on the real clock until <paramref name="condition"/> holds; fails after <paramref name="within"/> (default 15s).</summary>
    internal static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? within = null, bool fail = true)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                Assert.False(fail, $"not reached within {limit}");
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        return true;
    }
}
