using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PromoScaler.Kubernetes.ApiServer;

namespace PromoScaler.Kubernetes.Tests.Infrastructure;

/// <summary>An in-process API server, a kubeconfig written for it, and the real KubernetesClient built from that file.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly string directory;

    private TestCluster(KubernetesApiServer server, string directory, string kubeconfig)
    {
        Server = server;
        this.directory = directory;
        KubeconfigPath = kubeconfig;
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }

    public KubernetesApiServer Server { get; }

    public string KubeconfigPath { get; }

    public IKubernetes Client { get; }

    public static async Task<TestCluster> StartAsync(KubernetesApiServerOptions? options = null)
    {
        var server = await KubernetesApiServer.StartAsync(options);
        var directory = Directory.CreateTempSubdirectory("promoscaler-k8s-").FullName;
        var kubeconfig = server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), "shop");
        return new TestCluster(server, directory, kubeconfig);
    }

    /// <summary>The Status body of a failed call, as KubernetesClient received it.</summary>
    public static async Task<(int Code, V1Status Status)> FailureOf(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(call);
        return ((int)ex.Response.StatusCode, KubernetesJson.Deserialize<V1Status>(ex.Response.Content));
    }

    public static JsonObject Json(object o) => JsonNode.Parse(KubernetesJson.Serialize(o))!.AsObject();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
