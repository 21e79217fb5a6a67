namespace PromoScaler.Kubernetes.Connection;

/// <summary>What the kubeconfig lookup reads from the process's surroundings, injectable so a test can set it.</summary>
/// <param name="InCluster">True when running in a pod with a service account (KubernetesClient's own check).</param>
/// <param name="KubeconfigVariable">The value of <c>KUBECONFIG</c>: one or more paths separated by the platform's path separator.</param>
/// <param name="HomeDirectory">The user's home, for <c>~/.kube/config</c>.</param>
public sealed record KubernetesEnvironment(bool InCluster, string? KubeconfigVariable, string? HomeDirectory)
{
    /// <summary>This process's environment.</summary>
    public static KubernetesEnvironment Current() => new(
        k8s.KubernetesClientConfiguration.IsInCluster(),
        Environment.GetEnvironmentVariable("KUBECONFIG"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}
