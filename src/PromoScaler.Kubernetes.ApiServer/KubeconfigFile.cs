namespace PromoScaler.Kubernetes.ApiServer;

/// <summary>A kubeconfig with one cluster, one user (a placeholder token) and one context, pointing at a server.</summary>
public static class KubeconfigFile
{
    /// <summary>Writes the file at <paramref name="path"/> (directories created) and returns the path.</summary>
    public static string Write(string path, Uri server, string @namespace = "default")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(server);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: in-process
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}
            users:
            - name: in-process
              user:
                token: in-process-token
            contexts:
            - name: in-process
              context:
                cluster: in-process
                user: in-process
                namespace: {@namespace}
            current-context: in-process

            """);
        return path;
    }
}
