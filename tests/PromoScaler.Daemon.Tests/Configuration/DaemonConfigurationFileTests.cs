using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Prometheus.Configuration;

namespace PromoScaler.Daemon.Tests.Configuration;

public class DaemonConfigurationFileTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static DaemonConfigurationResult Read(TempDirectory directory, string name, string text, Dictionary<string, string?>? environment = null)
    {
        File.WriteAllText(directory.File(name), text);
        return DaemonConfiguration.Read(new DaemonCommandLine(ConfigFile: directory.File(name)), environment ?? NoEnvironment);
    }

    [Fact]
    public void Read_DurationsInThePolicySyntax_BindAsTheDocsWriteThem()
    {
        using var directory = new TempDirectory();

        var result = Read(directory, "daemon.yaml", """
            Policies:
              Directory: /etc/promoscaler/policies
              ReloadInterval: 2m
            LeaderElection:
              LeaseDuration: 15s
              RenewDeadline: 00:00:10
            """);

        Assert.Empty(result.Errors);
        var election = result.Configuration!.GetSection("LeaderElection").Get<LeaderElectionOptions>()!;
        Assert.Equal(TimeSpan.FromSeconds(15), election.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), election.RenewDeadline);
        Assert.Equal(TimeSpan.FromMinutes(2), result.Configuration.GetSection("Policies").Get<PolicyCatalogOptions>()!.ReloadInterval);
    }

    [Fact]
    public void Read_SeveralBadValues_EveryOneListedWithFileLineColumnAndKey()
    {
        using var directory = new TempDirectory();

        var result = Read(directory, "daemon.yaml", """
            Policies:
              Directory: /x
            Evaluation:
              MaxConcurrency: lots
              TickTimeout: 30 seconds
            LeaderElection:
              Enabled: maybe
              LeaseDuration: 5
            """);

        Assert.Equal(
            [
                $"{directory.File("daemon.yaml")}:4:19: Evaluation:MaxConcurrency: \"lots\" is not an integer",
                $"{directory.File("daemon.yaml")}:5:16: Evaluation:TickTimeout: \"30 seconds\" is not a duration: an integer and a unit s, m, h or d (15s, 2m), or hh:mm:ss (00:00:15)",
                $"{directory.File("daemon.yaml")}:7:12: LeaderElection:Enabled: \"maybe\" is not true or false",
                $"{directory.File("daemon.yaml")}:8:18: LeaderElection:LeaseDuration: \"5\" is not a duration: an integer and a unit s, m, h or d (15s, 2m), or hh:mm:ss (00:00:15)",
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("daemon.yaml", "Policies:\n  Directory: [unclosed\nEvaluation: {}\n", ":2:14: invalid YAML")]
    [InlineData("daemon.yaml", "Policies: { Directory: /x, n[ame: y }\n", ":1:29: invalid YAML: While parsing a flow mapping")]
    [InlineData("daemon.yaml", "Policies:\n  Directory: /x\nState: { Kind: File, Fi[le: y }\n", ":3:")]
    [InlineData("daemon.json", "{\n  \"Policies\": { \"Directory\": \"/x\" }\n  \"Evaluation\": {}\n}", ":3:3: invalid JSON")]
    public void Read_SyntaxError_PositionedAndNothingElseUsed(string name, string text, string expected)
    {
        using var directory = new TempDirectory();

        var result = Read(directory, name, text);

        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors);
        Assert.True(error.StartsWith(directory.File(name) + expected, StringComparison.Ordinal), error);
    }

    [Fact]
    public void Read_UnknownKeyAndSection_NamedWithASuggestionAndPosition()
    {
        using var directory = new TempDirectory();

        var result = Read(directory, "daemon.yaml", "Evaluation:\n  MaxConcurency: 4\nPolicy:\n  Directory: /x\n");

        Assert.True(result.Errors.Count == 2, string.Join("\n", result.Errors));
        Assert.True(result.Errors[0].StartsWith($"{directory.File("daemon.yaml")}:2:3: Evaluation:MaxConcurency: unknown key (did you mean MaxConcurrency?)", StringComparison.Ordinal), result.Errors[0]);
        Assert.True(result.Errors[1].StartsWith($"{directory.File("daemon.yaml")}:3:1: Policy: unknown section (did you mean Policies?)", StringComparison.Ordinal), result.Errors[1]);
    }

    [Fact]
    public void Read_BadValueFromTheEnvironment_NamesTheVariable()
    {
        var result = DaemonConfiguration.Read(new DaemonCommandLine(Policies: "/x"), new Dictionary<string, string?> { ["PROMOSCALER__LeaderElection__RetryPeriod"] = "2 s" });

        Assert.Equal("environment PROMOSCALER__LeaderElection__RetryPeriod: LeaderElection:RetryPeriod: \"2 s\" is not a duration: an integer and a unit s, m, h or d (15s, 2m), or hh:mm:ss (00:00:15)", Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("BearerTokenEnvironmentVariable", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY")]
    [InlineData("BearerTokenEnvironmentVariable", "wJalr/XUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")]
    [InlineData("BearerTokenFile", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("BearerTokenEnvironmentVariable", "AKIAIOSFODNN7EXAMPLE")]
    public void Read_SecretWhereItsNameBelongs_RefusedWithoutQuotingIt(string key, string secret)
    {
        using var directory = new TempDirectory();

        var result = Read(directory, "daemon.yaml", $"Prometheus:\n  Sources:\n    default:\n      Url: http://p:9090\n      {key}: '{secret}'\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains($"Prometheus:Sources:default:{key}:", error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..8], error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NamedPipeAsConfig_RefusedWithoutBlocking()
    {
        using var directory = new TempDirectory();
        var fifo = directory.File("daemon.yaml");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        var read = Task.Run(() => DaemonConfiguration.Read(new DaemonCommandLine(ConfigFile: fifo), NoEnvironment));

        var result = await read.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("is a named pipe (FIFO), not a regular file", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationProblems_BadKeysAndBadRanges_BothListedInOneRun()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("daemon.yaml"), $"Policies:\n  Directory: {directory.Path}\nEvaluation:\n  MaxConcurrency: x\n  TickTimeout: 1h\nPrometheus:\n  Sources:\n    default:\n      Url: http://127.0.0.1:1\n");

        var problems = DaemonHost.ConfigurationProblems(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml")), NoEnvironment);

        Assert.Contains(problems, p => p.Contains("Evaluation:MaxConcurrency: \"x\" is not an integer", StringComparison.Ordinal));
        // A validator's failure names where the key was written, the key and the value written there.
        Assert.Contains($"{directory.File("daemon.yaml")}:5:16: Evaluation:TickTimeout: The field TickTimeout must be between 00:00:01 and 00:10:00 (found \"1h\").", problems);
    }

    [Fact]
    public void ConfigurationProblems_CloudRetryKeysOfTheFlatSection_NameTheirNewKeys()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("daemon.yaml"), $"Policies:\n  Directory: {directory.Path}\nCloud:\n  MaxRetries: 3\n  FailureRatio: 0.5\n  Retry:\n    BaseDelay: 2s\nPrometheus:\n  Sources:\n    default:\n      Url: http://127.0.0.1:1\n");

        var problems = DaemonHost.ConfigurationProblems(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml")), NoEnvironment);

        Assert.Equal(
            [
                $"{directory.File("daemon.yaml")}:4:3: Cloud:MaxRetries: this key moved to Cloud:Retry:MaxRetries",
                $"{directory.File("daemon.yaml")}:5:3: Cloud:FailureRatio: this key moved to Cloud:CircuitBreaker:FailureRatio",
            ],
            problems);
    }

    [Fact]
    public void ConfigurationProblems_AdminUrlOnAnAddressThisMachineLacks_ConfigurationError()
    {
        using var directory = new TempDirectory();

        var problems = DaemonHost.ConfigurationProblems(
            new DaemonCommandLine(Policies: directory.Path, Prometheus: new Uri("http://127.0.0.1:1"), Urls: "http://192.0.2.1:9464"), NoEnvironment);

        Assert.Contains(problems, p => p.Contains("Admin:Urls: 192.0.2.1 is not an address of this machine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryAlignmentZeroInAFile_TheDaemonStartsWithExactInstants()
    {
        // The load bench bound its file raw: "0s" dropped the whole source and the daemon exited ("at least one
        // source is required"). Read as the daemon reads its file, 0s means exact instants, as docs/daemon.md says.
        using var directory = new TempDirectory();
        var file = directory.File("daemon.json");
        File.WriteAllText(file, $$"""
            { "Policies": { "Directory": "{{directory.Path}}" }, "State": { "File": "{{directory.File("state.json")}}" }, "Admin": { "Urls": "http://127.0.0.1:0" },
              "Prometheus": { "Sources": { "default": { "Url": "http://127.0.0.1:1", "QueryAlignment": "0s" } } } }
            """);

        var read = DaemonConfiguration.Read(new DaemonCommandLine(ConfigFile: file), NoEnvironment);
        Assert.Empty(read.Errors);
        await using var app = DaemonHost.Build(read.Configuration!);
        var options = app.Services.GetRequiredService<IOptions<PrometheusOptions>>().Value;

        Assert.Equal(TimeSpan.Zero, Assert.Contains("default", options.Sources).QueryAlignment);
        Assert.Empty(DaemonHost.ConfigurationProblems(new DaemonCommandLine(ConfigFile: file), NoEnvironment));
    }
}

