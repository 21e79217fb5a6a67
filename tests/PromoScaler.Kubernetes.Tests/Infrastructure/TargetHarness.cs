using Microsoft.Extensions.Logging.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Targets;
using PromoScaler.Resilience;

namespace PromoScaler.Kubernetes.Tests.Infrastructure;

/// <summary>
/// The provider wired to a test cluster with fast retries (1ms backoff, Retry-After ignored) on the system clock, a
/// jitter source that counts its calls, and a fake logger to read the log lines from.
/// </summary>
internal sealed class TargetHarness
{
    private int jitterCalls;

    public TargetHarness(TestCluster cluster, Action<KubernetesOptions>? configure = null, TimeProvider? time = null)
    {
        Cluster = cluster;
        Options = new KubernetesOptions
        {
            Timeout = TimeSpan.FromSeconds(5),
            TotalTimeout = TimeSpan.FromSeconds(10),
            Retry = new KubernetesRetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryAfter = TimeSpan.Zero },
            EventInstance = "promoscaler-0",
        };
        configure?.Invoke(Options);
        Jitter = new JitterSource(() =>
        {
            Interlocked.Increment(ref jitterCalls);
            return 0.5;
        });
        Provider = new KubernetesScaleTargetProvider(new PromoScaler.Kubernetes.Connection.KubernetesClientAccessor(() => cluster.Client), Microsoft.Extensions.Options.Options.Create(Options), time ?? TimeProvider.System, Jitter, Logger);
    }

    public TestCluster Cluster { get; }

    public KubernetesOptions Options { get; }

    public JitterSource Jitter { get; }

    public int JitterCalls => jitterCalls;

    public FakeLogger<KubernetesScaleTargetProvider> Logger { get; } = new();

    public KubernetesScaleTargetProvider Provider { get; }

    public IScaleTarget Deployment(string name = "web") => Provider.Create(new TargetRef(TargetKind.Deployment, "shop", name));

    public IScaleTarget StatefulSet(string name) => Provider.Create(new TargetRef(TargetKind.StatefulSet, "shop", name));

    public static ScaleRequest Request(int replicas, int current) =>
        new(replicas, current, ReasonCode.ScaleUp, $"rps above target: {replicas} replicas");

    public IReadOnlyList<string> LogLines() => Logger.Collector.GetSnapshot().Select(r => $"{r.Level} {r.Id.Id} {r.Message}").ToList();
}
