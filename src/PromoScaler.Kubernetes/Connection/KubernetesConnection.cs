using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Kubernetes.Configuration;

namespace PromoScaler.Kubernetes.Connection;

/// <summary>
/// The one KubernetesClient of the process, built on first use from the resolved kubeconfig. The options validator
/// resolves the same way at start, so a bad kubeconfig stops the start instead of failing here.
/// </summary>
public sealed class KubernetesConnection : IDisposable
{
    private readonly Lazy<IKubernetes> client;
    private string? defaultNamespace;

    /// <summary>Builds the connection for <paramref name="options"/> in <paramref name="environment"/>.</summary>
    public KubernetesConnection(IOptions<KubernetesOptions> options, KubernetesEnvironment environment, ILogger<KubernetesConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        client = new Lazy<IKubernetes>(() =>
        {
            var resolved = KubeconfigResolver.Resolve(options.Value, environment);
            if (resolved.Configuration is null)
            {
                throw new InvalidOperationException(resolved.Error);
            }

            Log.Connected(logger, resolved.Configuration.Host, resolved.Source);
            defaultNamespace = resolved.Configuration.Namespace;
            return new k8s.Kubernetes(resolved.Configuration);
        });
    }

    /// <summary>The client.</summary>
    public IKubernetes Client => client.Value;

    /// <summary>The connection's namespace: the pod's in a cluster, the kubeconfig context's, else <c>default</c>.</summary>
    public string DefaultNamespace
    {
        get
        {
            _ = client.Value;
            return string.IsNullOrEmpty(defaultNamespace) ? "default" : defaultNamespace;
        }
    }

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }
}
