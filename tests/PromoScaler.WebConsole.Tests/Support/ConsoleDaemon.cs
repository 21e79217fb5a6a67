using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.WebConsole.Tests.Support;

/// <summary>
/// The daemon as <c>promoscaler run</c> composes it (<see cref="DaemonHost.Build"/>, admin API and console on a
/// loopback port), scaling Deployments in an in-process Kubernetes API server, on a FakeTimeProvider the test moves
/// one interval at a time, with metric values the test sets.
/// </summary>
internal sealed class ConsoleDaemon : IAsyncDisposable
{
    public const string OperatorToken = "op-5e1d2c3b4a59687766554433221100ff";
    public const string ViewerToken = "vw-ffeeddccbbaa99887766554433221100";
    public const string CiToken = "ci-00112233445566778899aabbccddeeff";

    /// <summary>2026-11-25T12:00Z.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly KubernetesApiServer _cluster;
    private readonly string _directory;

    private ConsoleDaemon(WebApplication app, KubernetesApiServer cluster, string directory, FakeTimeProvider time, SettableMetrics metrics, Uri address)
    {
        _app = app;
        _cluster = cluster;
        _directory = directory;
        Time = time;
        Metrics = metrics;
        Address = address;
    }

    public FakeTimeProvider Time { get; }

    public SettableMetrics Metrics { get; }

    public Uri Address { get; }

    public DecisionLog Decisions => _app.Services.GetRequiredService<DecisionLog>();

    /// <summary>
    /// Starts a daemon over <paramref name="policies"/> (name, extra spec YAML), each scaling Deployment <c>shop/NAME</c>
    /// (2 replicas at first) on metric <c>rps</c> (100 per replica), with operator, viewer and ci tokens.
    /// </summary>
    public static async Task<ConsoleDaemon> StartAsync(IEnumerable<(string Name, string ExtraSpec)> policies, bool console = true)
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-console-").FullName;
        var cluster = await KubernetesApiServer.StartAsync();
        var policyDirectory = Path.Combine(directory, "policies");
        Directory.CreateDirectory(policyDirectory);
        foreach (var (name, extra) in policies)
        {
            cluster.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", name, 2, readyReplicas: 2));
            await File.WriteAllTextAsync(Path.Combine(policyDirectory, name + ".yaml"), PolicyYaml(name, extra));
        }

        var tokens = Path.Combine(directory, "tokens");
        await File.WriteAllTextAsync(tokens, $"alice operator {Hash(OperatorToken)}\ndashboard viewer {Hash(ViewerToken)}\nrelease-pipeline ci {Hash(CiToken)}\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policyDirectory,
            ["State:File"] = Path.Combine(directory, "state.json"),
            ["Kubernetes:Kubeconfig"] = cluster.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), "shop"),
            ["Kubernetes:Retry:MaxRetries"] = "0",
            ["Prometheus:Sources:default:Url"] = "http://127.0.0.1:9",
            ["Admin:Urls"] = "http://127.0.0.1:0",
            ["Admin:Api:TokenFile"] = tokens,
            ["Admin:Console:Enabled"] = console ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        var time = new FakeTimeProvider(T0);
        var metrics = new SettableMetrics();
        var app = DaemonHost.Build(configuration, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(global::Prometheus.Metrics.NewCustomRegistry());
            services.AddSingleton<IMetricSource>(metrics);
            services.AddSingleton<IMetricHistory>(metrics);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return new ConsoleDaemon(app, cluster, directory, time, metrics, address);
    }

    /// <summary>The Deployment's <c>spec.replicas</c>.</summary>
    public int Replicas(string name) => (int)_cluster.Get(BuiltInResources.Deployments, "shop", name)!["spec"]!["replicas"]!;

    /// <summary>Moves the clock one interval at a time, <paramref name="intervals"/> times, each time until every policy decided.</summary>
    public async Task RunAsync(int intervals, params string[] policies)
    {
        for (var i = 0; i < intervals; i++)
        {
            var before = policies.Select(p => Decisions.Latest(p)?.At).ToList();
            Time.Advance(Interval);
            await Eventually.HoldsAsync(() => policies.Select((p, j) => Decisions.Latest(p)?.At is { } at && at != before[j]).All(x => x), $"a decision of {string.Join(", ", policies)} at {Time.GetUtcNow():O}");
        }
    }

    public static string PolicyYaml(string name, string extraSpec) => $$"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {{name}}
        spec:
          target: { kind: Deployment, namespace: shop, name: {{name}} }
          interval: 30s
          metrics:
            - name: rps
              query: rps_{{name}}
              targetPerReplica: 100
        {{extraSpec}}
          guardrails:
            minReplicas: 1
            maxReplicas: 40
        """;

    private static string Hash(string token) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Metric values per policy: policy NAME reads query <c>rps_NAME</c>.</summary>
internal sealed class SettableMetrics : IMetricSource, IMetricHistory
{
    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>The value every policy reads unless <see cref="Set"/> gave one of its own.</summary>
    public double Default { get; set; } = 150;

    public void Set(string policy, double value) => _values["rps_" + policy] = value;

    public ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(MetricReading.Of(metric.Name, _values.TryGetValue(metric.Query, out var v) ? v : Default, at));

    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new MetricHistoryRead([]));
}
