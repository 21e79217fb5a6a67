using Microsoft.Extensions.Configuration;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Configuration;

public class DaemonConfigurationTests
{
    private const string Yaml = """
        Policies:
          Directory: /etc/promoscaler/policies
          ReloadInterval: 00:00:10
        Evaluation:
          MaxConcurrency: 4
        Prometheus:
          Sources:
            default:
              Url: http://prometheus:9090
        """;

    [Fact]
    public void Build_YamlFile_BindsSections()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("daemon.yaml"), Yaml);

        var configuration = DaemonConfiguration.Build(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml")), new Dictionary<string, string?>());

        var policies = configuration.GetSection("Policies").Get<PolicyCatalogOptions>()!;
        Assert.Equal("/etc/promoscaler/policies", policies.Directory);
        Assert.Equal(TimeSpan.FromSeconds(10), policies.ReloadInterval);
        Assert.Equal("http://prometheus:9090", configuration["Prometheus:Sources:default:Url"]);
    }

    [Fact]
    public void Build_JsonFileEnvironmentAndFlags_FlagsWinOverEnvironmentOverFile()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("daemon.json"), """{ "Evaluation": { "MaxConcurrency": 4 }, "Policies": { "Directory": "from-file" }, "Admin": { "Urls": "http://127.0.0.1:1" } }""");
        var environment = new Dictionary<string, string?>
        {
            ["PROMOSCALER__Evaluation__MaxConcurrency"] = "16",
            ["PROMOSCALER__Policies__Directory"] = "from-env",
            ["OTHER__Evaluation__MaxConcurrency"] = "99",
        };

        var configuration = DaemonConfiguration.Build(
            new DaemonCommandLine(ConfigFile: directory.File("daemon.json"), Policies: "from-flag", DryRun: true, Prometheus: new Uri("http://p:9090")),
            environment);

        Assert.Equal("16", configuration["Evaluation:MaxConcurrency"]);
        Assert.Equal("from-flag", configuration["Policies:Directory"]);
        Assert.Equal("true", configuration["Evaluation:DryRun"]);
        Assert.Equal("http://p:9090/", configuration["Prometheus:Sources:default:Url"]);
        Assert.Equal("http://127.0.0.1:1", configuration["Admin:Urls"]);
    }

    [Theory]
    [InlineData("daemon.toml", "x = 1", "unknown format")]
    [InlineData("daemon.yaml", "Policies: [unclosed", "daemon.yaml")]
    [InlineData("daemon.json", "{ \"a\": ", "daemon.json")]
    public void Build_BadFile_ErrorNamesTheFile(string name, string content, string expected)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File(name), content);

        var ex = Assert.Throws<DaemonConfigurationException>(() => DaemonConfiguration.Build(new DaemonCommandLine(ConfigFile: directory.File(name)), new Dictionary<string, string?>()));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingFile_Error()
    {
        var ex = Assert.Throws<DaemonConfigurationException>(() => DaemonConfiguration.Build(new DaemonCommandLine(ConfigFile: "/nonexistent/daemon.yaml"), new Dictionary<string, string?>()));
        Assert.Contains("no such file", ex.Message, StringComparison.Ordinal);
    }
}
