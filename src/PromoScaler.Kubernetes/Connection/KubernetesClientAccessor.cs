using k8s;

namespace PromoScaler.Kubernetes.Connection;

/// <summary>
/// The <see cref="IKubernetes"/> of the container, resolved when a target first needs it, so a process without a
/// kubeconfig can start and report the missing connection per target instead of failing as a whole.
/// </summary>
public sealed class KubernetesClientAccessor
{
    private readonly Lazy<(IKubernetes? Client, string? Error)> _client;

    /// <summary>Resolves through <paramref name="resolve"/> once; an exception becomes the error every caller sees.</summary>
    public KubernetesClientAccessor(Func<IKubernetes> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        _client = new Lazy<(IKubernetes?, string?)>(() =>
        {
            try
            {
                return (resolve(), null);
            }
            catch (InvalidOperationException ex)
            {
                return (null, ex.Message);
            }
        });
    }

    /// <summary>The client, or null with why there is none (the kubeconfig lookup's message).</summary>
    public IKubernetes? TryGet(out string? error)
    {
        var (client, problem) = _client.Value;
        error = problem;
        return client;
    }
}
