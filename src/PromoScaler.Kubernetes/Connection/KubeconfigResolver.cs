using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using PromoScaler.Kubernetes.Configuration;

namespace PromoScaler.Kubernetes.Connection;

/// <summary>
/// Finds the connection, in this order: the configured kubeconfig file; the in-cluster service account; the files
/// named by <c>KUBECONFIG</c> (merged, as kubectl does); <c>~/.kube/config</c>. A failure names what was tried and
/// what went wrong, so the daemon can refuse to start with it.
/// </summary>
internal static class KubeconfigResolver
{
    public static ResolvedConnection Resolve(KubernetesOptions options, KubernetesEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var field = $"{KubernetesConstants.ConfigurationSection}:Kubeconfig";
        if (options.Kubeconfig is { } explicitFile)
        {
            return File.Exists(explicitFile)
                ? FromFiles([explicitFile], options.Context, $"kubeconfig '{explicitFile}'")
                : ResolvedConnection.Failed($"{field}: kubeconfig file '{explicitFile}' does not exist.");
        }

        if (environment.InCluster)
        {
            return Build("the in-cluster service account", KubernetesClientConfiguration.InClusterConfig);
        }

        if (!string.IsNullOrWhiteSpace(environment.KubeconfigVariable))
        {
            var files = environment.KubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var existing = files.Where(File.Exists).ToArray();
            return existing.Length > 0
                ? FromFiles(existing, options.Context, $"KUBECONFIG ({string.Join(Path.PathSeparator, existing)})")
                : ResolvedConnection.Failed($"KUBECONFIG names no file that exists ({environment.KubeconfigVariable}); set {field} (--kubeconfig) or fix KUBECONFIG.");
        }

        var home = environment.HomeDirectory is { Length: > 0 } h ? Path.Combine(h, ".kube", "config") : null;
        if (home is not null && File.Exists(home))
        {
            return FromFiles([home], options.Context, $"kubeconfig '{home}'");
        }

        return ResolvedConnection.Failed(
            $"no Kubernetes connection: {field} (--kubeconfig) is not set, this is not a pod with a service account, KUBECONFIG is not set, and {home ?? "~/.kube/config"} does not exist.");
    }

    private static ResolvedConnection FromFiles(string[] files, string? context, string source)
    {
        // A named pipe or a device would block the read (and the daemon's start) for good.
        if (files.Select(f => Core.IO.RegularFile.Problem(f) is { } problem ? $"{f} {problem}" : null).FirstOrDefault(p => p is not null) is { } notAFile)
        {
            return ResolvedConnection.Failed($"{source}: {notAFile}.");
        }

        return FromReadableFiles(files, context, source);
    }

    private static ResolvedConnection FromReadableFiles(string[] files, string? context, string source) => Build(source, () =>
    {
        var merged = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(files[0]), useRelativePaths: true);
        foreach (var file in files.Skip(1))
        {
            Merge(merged, KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: true));
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, context);
    });

    /// <summary>kubectl's merge of several files: the first file to set a value, or to name an entry, wins.</summary>
    private static void Merge(K8SConfiguration into, K8SConfiguration next)
    {
        into.CurrentContext ??= next.CurrentContext;
        into.Clusters = Union(into.Clusters, next.Clusters, c => c.Name);
        into.Contexts = Union(into.Contexts, next.Contexts, c => c.Name);
        into.Users = Union(into.Users, next.Users, u => u.Name);
    }

    private static List<T> Union<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name)
    {
        var result = (first ?? []).ToList();
        var names = result.Select(name).ToHashSet(StringComparer.Ordinal);
        result.AddRange((second ?? []).Where(e => names.Add(name(e))));
        return result;
    }

    private static ResolvedConnection Build(string source, Func<KubernetesClientConfiguration> build)
    {
        try
        {
            var configuration = build();
            // The adapter's own pipeline bounds every call; the client's 100s default would only hide that.
            configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
            return new ResolvedConnection(configuration, source, null);
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            return ResolvedConnection.Failed($"{source} cannot be used: {ex.Message}");
        }
    }
}

/// <summary>The client configuration and where it came from, or why there is none.</summary>
internal sealed record ResolvedConnection(KubernetesClientConfiguration? Configuration, string Source, string? Error)
{
    public static ResolvedConnection Failed(string error) => new(null, string.Empty, error);
}
