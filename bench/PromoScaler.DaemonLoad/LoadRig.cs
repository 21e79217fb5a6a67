using System.Globalization;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Testing.Prometheus;

namespace PromoScaler.DaemonLoad;

/// <summary>
/// What every run shares: a real Prometheus holding <see cref="Shards"/> request counters from a little before now to
/// past the last run, and the in-process API server with one Deployment per policy the runs can have.
/// </summary>
internal sealed class LoadRig : IAsyncDisposable
{
    /// <summary>Distinct counters; policy i reads shard i mod this (each policy still sends its own query).</summary>
    public const int Shards = 100;

    /// <summary>The namespace of the Deployments.</summary>
    public const string Namespace = "load";

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private LoadRig(PrometheusServer prometheus, KubernetesApiServer apiServer, string directory)
    {
        Prometheus = prometheus;
        ApiServer = apiServer;
        Directory = directory;
    }

    public PrometheusServer Prometheus { get; }

    public KubernetesApiServer ApiServer { get; }

    /// <summary>A temporary directory for policies, state, kubeconfig and the daemon's log.</summary>
    public string Directory { get; }

    /// <summary>The name of policy (and Deployment) <paramref name="i"/>.</summary>
    public static string Name(int i) => "p" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The query of policy <paramref name="i"/>.</summary>
    public static string Query(int i) => $"sum(rate(load_requests_total{{shard=\"{i % Shards}\"}}[1m]))";

    public static async Task<LoadRig> StartAsync(LoadOptions options)
    {
        // Enough history for every run the options can ask for, each at most a few minutes past warm-up + measure.
        var runs = options.Counts.Count + (options.Search ? 8 : 0);
        var horizon = (runs * (options.Warmup + options.Measure + TimeSpan.FromMinutes(3))) + TimeSpan.FromMinutes(10);
        var now = TimeProvider.System.GetUtcNow();
        var from = now - TimeSpan.FromMinutes(10);
        var history = new OpenMetricsWriter();
        for (var shard = 0; shard < Shards; shard++)
        {
            history.Counter("load_requests", $"shard=\"{shard}\"", Counter(shard, from, from + horizon));
        }

        Console.Error.WriteLine($"starting Prometheus with {Shards} counters over {PromoScaler.Core.Policies.Duration.Describe(horizon)}, and the API server with {options.MaxPolicies} deployments");
        var prometheus = await PrometheusServer.StartAsync(history.ToString());
        var apiServer = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { PodStartup = TimeSpan.FromSeconds(30) });
        for (var i = 0; i < options.MaxPolicies; i++)
        {
            apiServer.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment(Namespace, Name(i), 2));
        }

        return new LoadRig(prometheus, apiServer, System.IO.Directory.CreateTempSubdirectory("promoscaler-load-").FullName);
    }

    public async ValueTask DisposeAsync()
    {
        await ApiServer.DisposeAsync();
        await Prometheus.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    // Requests per second swing between 50 and 250 over 30 minutes, each shard at its own phase: with 100 per
    // replica the policies move between 1 and 3 replicas, so some ticks write and most hold.
    private static IEnumerable<(DateTimeOffset Time, double Value)> Counter(int shard, DateTimeOffset from, DateTimeOffset to)
    {
        var total = 0.0;
        for (var t = from; t <= to; t += Step)
        {
            var rate = 150 + (100 * Math.Sin((2 * Math.PI * (t - from).TotalMinutes / 30) + shard));
            total += rate * Step.TotalSeconds;
            yield return (t, total);
        }
    }
}
