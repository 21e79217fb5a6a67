using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Testing.Metrics;

namespace PromoScaler.Daemon.Tests.Hosting;

public class DaemonHostTests
{
    private static void Fakes(IServiceCollection services, FakeMetricSource metrics, RecordingTargetProvider targets)
    {
        services.AddSingleton(global::Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IMetricSource>(metrics);
        services.AddSingleton<IMetricHistory>(new FunctionMetricHistory());
        services.AddSingleton<IScaleTargetProvider>(targets);
    }

    [Fact]
    public async Task RunAsync_InvalidConfiguration_ExitTwoWithEveryErrorListed()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("daemon.yaml"), """
            Evaluation:
              MaxConcurrency: 0
              TickTimeout: 00:00:00.001
            LeaderElection:
              RenewDeadline: 00:00:20
            Admin:
              Urls: ftp://nowhere
            Prometheus:
              Sources:
                default:
                  Url: http://127.0.0.1:1
            """);
        var errors = new StringWriter();

        var exit = await DaemonHost.RunAsync(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml"), Policies: directory.File("missing")), errors, CancellationToken.None);

        var text = errors.ToString();
        Assert.Equal(DaemonExitCodes.InvalidConfiguration, exit);
        Assert.Contains($"invalid configuration: {directory.File("daemon.yaml")}:2:19: Evaluation:MaxConcurrency: The field MaxConcurrency must be between 1 and 256 (found \"0\").", text, StringComparison.Ordinal);
        Assert.Contains("Evaluation:TickTimeout: The field TickTimeout must be between 00:00:01 and 00:10:00 (found \"00:00:00.001\").", text, StringComparison.Ordinal);
        Assert.Contains("Admin:Urls: \"ftp://nowhere\"", text, StringComparison.Ordinal);
        Assert.Contains("Policies:Directory", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AdminApiOutOfRange_ExitTwoNamingTheKeyWithTheTokenFileError()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("daemon.yaml"), $$"""
            Policies:
              Directory: {{directory.Path}}
            Admin:
              Api:
                TokenFile: {{directory.File("no-tokens")}}
                AuditCapacity: 0
            Prometheus:
              Sources:
                default:
                  Url: http://127.0.0.1:1
            """);
        var errors = new StringWriter();

        var exit = await DaemonHost.RunAsync(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml")), errors, CancellationToken.None);

        var text = errors.ToString();
        Assert.Equal(DaemonExitCodes.InvalidConfiguration, exit);
        Assert.Contains(":6:20: Admin:Api:AuditCapacity: The field AuditCapacity must be between 1 and 100000.", text, StringComparison.Ordinal);
        Assert.Contains("no-tokens", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--kubeconfig")]
    [InlineData("configmap")]
    [InlineData("--leader-elect")]
    [InlineData("--token-file")]
    public async Task RunAsync_APartThatNeedsItsFileAtStart_MissingFile_ExitTwoNamingIt(string part)
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("policies"));
        var missing = directory.File("missing");
        File.WriteAllText(directory.File("daemon.yaml"), (part == "configmap" ? "State:\n  Kind: ConfigMap\n" : "") + "Prometheus:\n  Sources:\n    default:\n      Url: http://127.0.0.1:1\n");
        var errors = new StringWriter();
        var commandLine = new DaemonCommandLine(
            ConfigFile: directory.File("daemon.yaml"),
            Policies: directory.File("policies"),
            Kubeconfig: part is "--kubeconfig" or "configmap" or "--leader-elect" ? missing : null,
            LeaderElect: part == "--leader-elect",
            TokenFile: part == "--token-file" ? missing : null,
            Urls: "http://127.0.0.1:0");

        var exit = await DaemonHost.RunAsync(commandLine, errors, CancellationToken.None);

        Assert.Equal(DaemonExitCodes.InvalidConfiguration, exit);
        Assert.Contains(missing, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoKubeconfigAnywhere_StillStarts_ForPoliciesThatScaleNoKubernetesTarget()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("policies"));
        File.WriteAllText(directory.File("daemon.yaml"), "Prometheus:\n  Sources:\n    default:\n      Url: http://127.0.0.1:1\n");
        var errors = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = DaemonHost.RunAsync(
            new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml"), Policies: directory.File("policies"), StateFile: directory.File("state.json"), Urls: "http://127.0.0.1:0"),
            errors,
            stop.Token,
            services => services.AddSingleton(new PromoScaler.Kubernetes.Connection.KubernetesEnvironment(false, null, null)));
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        await stop.CancelAsync();

        Assert.Equal(DaemonExitCodes.Ok, await run);
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public async Task RunAsync_UnknownKey_ExitTwoNamingIt()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("policies"));
        File.WriteAllText(directory.File("daemon.yaml"), "Evaluation:\n  MaxConcurency: 4\nPrometheus:\n  Sources:\n    default:\n      Url: http://127.0.0.1:1\n");
        var errors = new StringWriter();

        var exit = await DaemonHost.RunAsync(new DaemonCommandLine(ConfigFile: directory.File("daemon.yaml"), Policies: directory.File("policies")), errors, CancellationToken.None);

        Assert.Equal(DaemonExitCodes.InvalidConfiguration, exit);
        Assert.Contains("MaxConcurency", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_AdminListener_ServesHealthReadinessAndMetrics()
    {
        using var directory = CheckoutDirectory();
        var (metrics, targets) = SurgingCheckout();
        var configuration = DaemonConfiguration.Build(
            LocalDaemon(directory),
            new Dictionary<string, string?>());
        await using var app = DaemonHost.Build(configuration, s => Fakes(s, metrics, targets));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };

        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));
        await WaitForAsync(() => targets.Targets.TryGetValue("checkout", out var t) && t.Writes.Count > 0);
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var exported = await http.GetStringAsync("/metrics");
        Assert.Equal(6, MetricsText.Value(exported, "promoscaler_policy_desired_replicas{policy=\"checkout\"}"));
        Assert.Equal(1, MetricsText.Value(exported, "promoscaler_leader"));

        await app.StopAsync();
        Assert.Contains("\"checkout\"", await File.ReadAllTextAsync(directory.File("state.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_PrometheusDown_ReadyzSaysWhy()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("policies"));
        File.WriteAllText(directory.File("policies/checkout.yaml"), DaemonPolicyYaml.Policy("checkout"));
        var metrics = new FakeMetricSource { FailAll = Core.Engine.ReadFailure.ReadFailed };
        var targets = new RecordingTargetProvider();
        var configuration = DaemonConfiguration.Build(
            LocalDaemon(directory),
            new Dictionary<string, string?>());
        await using var app = DaemonHost.Build(configuration, s => Fakes(s, metrics, targets));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        await WaitForAsync(() => metrics.Reads > 0);

        using var ready = await http.GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("metric source has not answered yet", body, StringComparison.Ordinal);
        Assert.Contains("connection refused", body, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsCleanlyWithExitZero()
    {
        using var directory = CheckoutDirectory();
        var (metrics, targets) = SurgingCheckout();
        using var stop = new CancellationTokenSource();

        var run = DaemonHost.RunAsync(
            LocalDaemon(directory),
            TextWriter.Null, stop.Token, s => Fakes(s, metrics, targets));
        await WaitForAsync(() => targets.Targets.TryGetValue("checkout", out var t) && t.Writes.Count > 0);
        await stop.CancelAsync();

        Assert.Equal(DaemonExitCodes.Ok, await run);
        Assert.True(File.Exists(directory.File("state.json")));
    }

    [Fact]
    public async Task RunAsync_HostStoppedBySignal_ReturnsWithExitZeroWithoutTheCallersToken()
    {
        using var directory = CheckoutDirectory();
        var (metrics, targets) = SurgingCheckout();

        // What the console lifetime does on SIGTERM or Ctrl+C: stop the application. The caller's token never fires.
        var run = DaemonHost.RunAsync(
            LocalDaemon(directory),
            TextWriter.Null, CancellationToken.None, s =>
            {
                Fakes(s, metrics, targets);
                s.AddHostedService<StopsOnceStarted>();
            });

        Assert.Equal(DaemonExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System));
    }

    private sealed class StopsOnceStarted(Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A directory with the policy <c>checkout</c> in <c>policies/</c>.</summary>
    private static TempDirectory CheckoutDirectory()
    {
        var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("policies"));
        File.WriteAllText(directory.File("policies/checkout.yaml"), DaemonPolicyYaml.Policy("checkout"));
        return directory;
    }

    /// <summary>A metric source where checkout surges (900 rps: a scale-up), and targets that record it.</summary>
    private static (FakeMetricSource Metrics, RecordingTargetProvider Targets) SurgingCheckout()
    {
        var metrics = new FakeMetricSource();
        metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
        return (metrics, new RecordingTargetProvider());
    }

    /// <summary>The daemon over <paramref name="directory"/>: its policies, a state file there, any free port, Prometheus nowhere.</summary>
    private static DaemonCommandLine LocalDaemon(TempDirectory directory) =>
        new(Policies: directory.File("policies"), Prometheus: new Uri("http://127.0.0.1:1"), StateFile: directory.File("state.json"), Urls: "http://127.0.0.1:0");

    /// <summary>Waits (real time, bounded) for the hosted loop to reach a state.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "timed out waiting for the daemon");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
