using System.Security.Cryptography;
using System.Text;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer;

namespace PromoScaler.Daemon.Tests.Sharding;

/// <summary>The admin URL a sharded replica advertises, and the start that fails, naming the key, when it has none to give.</summary>
public sealed class AdminAdvertisementTests
{
    [Theory]
    [InlineData("http://10.9.8.7:9000/", "http://0.0.0.0:9464", "10.1.2.3", "http://10.9.8.7:9000")]
    [InlineData(null, "http://0.0.0.0:9464", "10.1.2.3", "http://10.1.2.3:9464")]
    [InlineData(null, "https://[::]:9464", "fd00::7", "https://[fd00::7]:9464")]
    [InlineData(null, "http://127.0.0.1:9464;http://127.0.0.1:9465", null, "http://127.0.0.1:9464")]
    [InlineData(null, "http://127.0.0.1:0", null, "http://127.0.0.1:41000")]
    public void Resolve_FromTheSettingThePodIpOrTheListenUrl(string? configured, string urls, string? podIp, string expected)
    {
        var url = AdminAdvertisement.Resolve(configured, urls, podIp, () => 41000, out var problem);

        Assert.Null(problem);
        Assert.Equal(expected, url);
    }

    [Theory]
    [InlineData("http://0.0.0.0:9464", null, "listens on every address")]
    [InlineData("http://127.0.0.1:9464", "pod-ip", "is not an IP address")]
    public void Resolve_NothingToAdvertise_SaysWhyNamingTheKey(string urls, string? podIp, string expected)
    {
        var url = AdminAdvertisement.Resolve(null, urls, podIp, () => 1, out var problem);

        Assert.Null(url);
        Assert.StartsWith("Admin:Api:AdvertiseUrl: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://10.1.2.3:9464", "is not an http or https URL")]
    [InlineData("10.1.2.3:9464", "is not an http or https URL")]
    [InlineData("http://10.1.2.3:9464/api", "scheme, host and port only")]
    [InlineData("http://user:secret@10.1.2.3:9464", "scheme, host and port only")]
    [InlineData("http://0.0.0.0:9464", "wildcard address")]
    public async Task RunAsync_AdvertiseUrlUnusable_ExitTwoNamingTheKeyWhereItIsWritten(string value, string expected)
    {
        using var directory = new TempDirectory();
        var errors = new StringWriter();
        Write(directory, $"    AdvertiseUrl: {value}\n", sharded: false);

        var exit = await DaemonHost.RunAsync(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml")), errors, CancellationToken.None);

        Assert.Equal(DaemonExitCodes.InvalidConfiguration, exit);
        Assert.Contains($"daemon.yaml:5:19: Admin:Api:AdvertiseUrl: \"{value}\" ", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_ShardedOnEveryAddressWithoutAnAdvertisedUrl_NameTheKey()
    {
        using var directory = new TempDirectory();
        Write(directory, "", sharded: true);

        var problems = DaemonHost.ConfigurationProblems(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml")), new Dictionary<string, string?>());

        Assert.Contains(problems, p => p.Contains("Admin:Api:AdvertiseUrl: needed with sharding when Admin:Urls listens on every address", StringComparison.Ordinal));
    }

    private static void Write(TempDirectory directory, string advertise, bool sharded)
    {
        var tokens = directory.File("tokens");
        File.WriteAllText(tokens, $"alice operator sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("op-token-for-the-test-0123456789ab")))}\n");
        var sharding = sharded
            ? $"LeaderElection:\n  Enabled: true\n  Shards: 3\nState:\n  Kind: configmap\nKubernetes:\n  Kubeconfig: {KubeconfigFile.Write(directory.File("kubeconfig"), new Uri("http://127.0.0.1:1"), "shop")}\n"
            : "";
        File.WriteAllText(directory.File("daemon.yaml"), $"Admin:\n  Urls: http://0.0.0.0:0\n  Api:\n    TokenFile: {tokens}\n{advertise}Policies:\n  Directory: {directory.Path}\nPrometheus:\n  Sources:\n    default:\n      Url: http://127.0.0.1:1\n{sharding}");
    }
}
