using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Cli.Demo;

/// <summary>
/// Everything the real daemon needs to run with nothing installed, in one temporary directory: an in-process
/// Kubernetes API server holding the demo's workloads (pods become ready <see cref="DemoConstants.PodStartup"/>
/// after a scale-up) and its policies as ScalingPolicy objects (the CRD registered, each object created from its file
/// as <c>kubectl apply -f</c> would), its kubeconfig, the policy files, a token file with one fresh operator token, a
/// file state store, and the daemon's configuration, whose policy source is the API server. <see cref="Register"/> adds what replaces the outside world: the
/// accelerated clock and the trace as the metric source. Disposing stops the API server and deletes the directory.
/// </summary>
internal sealed class DemoSession : IAsyncDisposable
{
    private readonly KubernetesApiServer _cluster;
    private readonly TraceMetricSource _metrics;

    private DemoSession(string directory, AcceleratedTimeProvider clock, KubernetesApiServer cluster, TraceMetricSource metrics, string token)
    {
        Directory = directory;
        Clock = clock;
        _cluster = cluster;
        _metrics = metrics;
        Token = token;
    }

    /// <summary>The temporary directory holding every file of the demo.</summary>
    public string Directory { get; }

    /// <summary>The daemon's configuration file (JSON) in <see cref="Directory"/>.</summary>
    public string ConfigFile => Path.Combine(Directory, "demo.json");

    /// <summary>The policy files the objects were created from (<c>kubectl apply -f</c> an edited one).</summary>
    public string PolicyDirectory => Path.Combine(Directory, "policies");

    /// <summary>The kubeconfig pointing kubectl (and the daemon) at the in-process API server, namespace <c>demo</c>.</summary>
    public string Kubeconfig => Path.Combine(Directory, "kubeconfig");

    /// <summary>The simulated clock, shared by the daemon and the simulated cluster.</summary>
    public AcceleratedTimeProvider Clock { get; }

    /// <summary>The operator token of this run (only its hash is on disk).</summary>
    public string Token { get; }

    /// <summary>When the built-in pre-warm's sale starts, on the simulated clock.</summary>
    public DateTimeOffset PrewarmStart => Clock.Start + DemoConstants.PrewarmAfterStart;

    /// <summary>The <c>spec.replicas</c> of a workload in the simulated cluster.</summary>
    public int Replicas(DemoWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var o = _cluster.Get(TypeOf(workload), DemoWorkloads.Namespace, workload.Name);
        return (int?)o?["spec"]?["replicas"] ?? 0;
    }

    /// <summary>
    /// Prepares a run whose simulated clock starts at <paramref name="real"/>'s now (to the whole second) and reads
    /// the trace from <see cref="DemoConstants.TraceAnchor"/>.
    /// </summary>
    public static async Task<DemoSession> CreateAsync(DemoSettings settings, TimeProvider real, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(real);
        var now = real.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        // Held until the daemon has started (DemoStartup), so the pre-warm placed after the start is still ahead.
        var clock = new AcceleratedTimeProvider(real, start, settings.Speed, held: true);
        var replay = new TraceReplay(LoadTrace(), DemoConstants.TraceAnchor, start, DemoConstants.RateWindow);
        var directory = System.IO.Directory.CreateTempSubdirectory("promoscaler-demo-").FullName;
        KubernetesApiServer? cluster = null;
        try
        {
            cluster = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { PodStartup = DemoConstants.PodStartup, TimeProvider = clock }, cancellationToken);
            foreach (var workload in DemoWorkloads.All)
            {
                cluster.Put(TypeOf(workload), workload.Kind == "StatefulSet"
                    ? KubernetesObjects.StatefulSet(DemoWorkloads.Namespace, workload.Name, workload.Replicas, workload.Replicas)
                    : KubernetesObjects.Deployment(DemoWorkloads.Namespace, workload.Name, workload.Replicas, workload.Replicas));
            }

            var session = new DemoSession(directory, clock, cluster, new TraceMetricSource(replay, DemoWorkloads.All), DemoToken.Create());
            await session.WriteFilesAsync(settings, cluster.WriteKubeconfig(session.Kubeconfig, DemoWorkloads.Namespace), cancellationToken);
            session.ApplyPolicies(cluster.Define(ScalingPolicyDefinition.Build()));
            return session;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Registers the simulated clock and the trace as the daemon's metric source and history (before its TryAdds).</summary>
    public void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IMetricSource>(_metrics);
        services.AddSingleton<IMetricHistory>(_metrics);
        services.AddSingleton(this);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        DeleteDirectory(Directory);
    }

    /// <summary>The demo policy files as the assembly holds them, by name (<c>nasa-www.yaml</c>...).</summary>
    internal static IReadOnlyDictionary<string, string> PolicyTemplates()
    {
        var assembly = typeof(DemoSession).Assembly;
        var templates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(DemoConstants.PolicyResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            templates[name[DemoConstants.PolicyResourcePrefix.Length..]] = reader.ReadToEnd();
        }

        return templates;
    }

    /// <summary>The demo policies with the pre-warm placed at <paramref name="prewarmStart"/>, by file name.</summary>
    internal static IReadOnlyDictionary<string, string> Policies(DateTimeOffset prewarmStart) =>
        PolicyTemplates().ToDictionary(p => p.Key, p => p.Value.Replace(DemoConstants.PrewarmStartPlaceholder, Instant.Format(prewarmStart), StringComparison.Ordinal), StringComparer.Ordinal);

    /// <summary>The trace the demo replays, from the assembly.</summary>
    internal static Trace LoadTrace()
    {
        using var stream = typeof(DemoSession).Assembly.GetManifestResourceStream(DemoConstants.TraceResource)
            ?? throw new InvalidOperationException($"the demo trace {DemoConstants.TraceResource} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return TraceReader.Read(reader, "nasa_http_jul1995_1min.csv");
    }

    /// <summary>Creates a ScalingPolicy object from each policy file, as <c>kubectl apply -f policies/</c> does (its last-applied annotation included, so a later apply patches it quietly).</summary>
    private void ApplyPolicies(ResourceType type)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(PolicyDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var applied = ManifestYaml.Read(File.ReadAllText(file), Path.GetFileName(file));
            var metadata = (JsonObject)applied["metadata"]!;
            metadata["namespace"] = DemoWorkloads.Namespace;
            var o = (JsonObject)applied.DeepClone();
            var annotations = o["metadata"]!["annotations"] as JsonObject ?? [];
            annotations["kubectl.kubernetes.io/last-applied-configuration"] = applied.ToJsonString() + "\n";
            o["metadata"]!["annotations"] = annotations;
            _cluster.Put(type, o);
        }
    }

    private async Task WriteFilesAsync(DemoSettings settings, string kubeconfig, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(PolicyDirectory);
        foreach (var (name, text) in Policies(PrewarmStart))
        {
            await File.WriteAllTextAsync(Path.Combine(PolicyDirectory, name), text, cancellationToken);
        }

        var tokens = Path.Combine(Directory, "tokens");
        await File.WriteAllTextAsync(tokens, DemoToken.TokenFileLine(Token) + "\n", cancellationToken);
        await File.WriteAllTextAsync(ConfigFile, Configuration(settings, kubeconfig, tokens).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
    }

    private JsonObject Configuration(DemoSettings settings, string kubeconfig, string tokens) => new()
    {
        // The policies are the API server's ScalingPolicy objects, so kubectl shows them and their status.
        [DaemonConstants.PoliciesSection] = new JsonObject
        {
            [nameof(PolicyCatalogOptions.Source)] = nameof(PolicySourceKind.Kubernetes),
            [nameof(PolicyCatalogOptions.WatchNamespaces)] = new JsonArray(DemoWorkloads.Namespace),
        },
        ["State"] = new JsonObject { ["Kind"] = "File", ["File"] = Path.Combine(Directory, "state.json") },
        // The clock runs up to MaxSpeed times faster: the longest budgets allowed keep a loopback call from timing
        // out in simulated time (at 60x, two simulated minutes are two real seconds).
        ["Evaluation"] = new JsonObject { ["TickTimeout"] = "00:10:00" },
        ["Kubernetes"] = new JsonObject
        {
            [nameof(KubernetesOptions.Kubeconfig)] = kubeconfig,
            ["Timeout"] = "00:02:00",
            ["TotalTimeout"] = "00:10:00",
            ["EventInstance"] = "promoscaler-demo",
        },
        // Required by the daemon's configuration; never queried, the trace replaces Prometheus.
        ["Prometheus"] = new JsonObject { ["Sources"] = new JsonObject { ["default"] = new JsonObject { ["Url"] = "http://127.0.0.1:9090" } } },
        ["Admin"] = new JsonObject { ["Urls"] = settings.Urls, ["Api"] = new JsonObject { ["TokenFile"] = tokens } },
        ["Logging"] = new JsonObject
        {
            ["LogLevel"] = new JsonObject
            {
                ["Default"] = "Warning",
                ["PromoScaler"] = "Information",
                // A line per decision per tick would bury the scale events (the Kubernetes adapter logs each write).
                ["PromoScaler.Daemon.Evaluation.PolicyEvaluator"] = "Warning",
            },
        },
    };

    private static ResourceType TypeOf(DemoWorkload workload) =>
        workload.Kind == "StatefulSet" ? BuiltInResources.StatefulSets : BuiltInResources.Deployments;

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp directory; nothing in it outlives the run's token.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
