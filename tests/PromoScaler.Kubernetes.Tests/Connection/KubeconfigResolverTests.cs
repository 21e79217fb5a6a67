using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Connection;

namespace PromoScaler.Kubernetes.Tests.Connection;

/// <summary>Kubeconfig lookup order: explicit file, in-cluster, KUBECONFIG, ~/.kube/config; clear errors otherwise.</summary>
public sealed class KubeconfigResolverTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("promoscaler-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Resolve_ExplicitFile_IsUsedBeforeEverythingElse()
    {
        var file = Kubeconfig("explicit", 6443);
        Kubeconfig(Path.Combine("home", ".kube", "config"), 7443);

        var resolved = Resolve(new KubernetesOptions { Kubeconfig = file }, new KubernetesEnvironment(false, Kubeconfig("env", 8443), Path.Combine(directory, "home")));

        Assert.Null(resolved.Error);
        Assert.Equal("http://127.0.0.1:6443", resolved.Configuration!.Host.TrimEnd('/'));
        Assert.Equal(Timeout.InfiniteTimeSpan, resolved.Configuration.HttpClientTimeout);
    }

    [Fact]
    public void Resolve_ExplicitFileMissing_NamesTheFieldAndTheFile()
    {
        var missing = Path.Combine(directory, "nope");

        var resolved = Resolve(new KubernetesOptions { Kubeconfig = missing }, new KubernetesEnvironment(false, null, null));

        Assert.Equal($"Kubernetes:Kubeconfig: kubeconfig file '{missing}' does not exist.", resolved.Error);
    }

    [Fact]
    public void Resolve_KubeconfigVariable_MergesTheFilesThatExist()
    {
        var variable = string.Join(Path.PathSeparator, Path.Combine(directory, "absent"), Kubeconfig("env", 8443));

        var resolved = Resolve(new KubernetesOptions(), new KubernetesEnvironment(false, variable, Path.Combine(directory, "home")));

        Assert.Equal("http://127.0.0.1:8443", resolved.Configuration!.Host.TrimEnd('/'));
        Assert.StartsWith("KUBECONFIG", resolved.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_KubeconfigVariableWithNoExistingFile_IsAnError()
    {
        var resolved = Resolve(new KubernetesOptions(), new KubernetesEnvironment(false, Path.Combine(directory, "absent"), null));

        Assert.StartsWith("KUBECONFIG names no file that exists", resolved.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NothingElse_FallsBackToTheHomeKubeconfig()
    {
        Kubeconfig(Path.Combine("home", ".kube", "config"), 7443);

        var resolved = Resolve(new KubernetesOptions(), new KubernetesEnvironment(false, null, Path.Combine(directory, "home")));

        Assert.Equal("http://127.0.0.1:7443", resolved.Configuration!.Host.TrimEnd('/'));
    }

    [Fact]
    public void Resolve_NoConnectionAnywhere_SaysWhatWasTried()
    {
        var resolved = Resolve(new KubernetesOptions(), new KubernetesEnvironment(false, null, Path.Combine(directory, "home")));

        Assert.Contains("--kubeconfig", resolved.Error, StringComparison.Ordinal);
        Assert.Contains("KUBECONFIG is not set", resolved.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(directory, "home", ".kube", "config"), resolved.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusters: [")]
    [InlineData("apiVersion: v1\nkind: Config\ncurrent-context: missing\n")]
    public void Resolve_UnusableFile_NamesTheFileAndTheProblem(string content)
    {
        var file = Path.Combine(directory, "broken");
        File.WriteAllText(file, content);

        var resolved = Resolve(new KubernetesOptions { Kubeconfig = file }, new KubernetesEnvironment(false, null, null));

        Assert.Null(resolved.Configuration);
        Assert.StartsWith($"kubeconfig '{file}' cannot be used: ", resolved.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownContext_IsAnError()
    {
        var resolved = Resolve(new KubernetesOptions { Kubeconfig = Kubeconfig("explicit", 6443), Context = "prod" }, new KubernetesEnvironment(false, null, null));

        Assert.Contains("cannot be used", resolved.Error, StringComparison.Ordinal);
    }

    private static ResolvedConnection Resolve(KubernetesOptions options, KubernetesEnvironment environment) =>
        KubeconfigResolver.Resolve(options, environment);

    private string Kubeconfig(string relative, int port) =>
        KubeconfigFile.Write(Path.Combine(directory, relative), new Uri($"http://127.0.0.1:{port}"));
}
