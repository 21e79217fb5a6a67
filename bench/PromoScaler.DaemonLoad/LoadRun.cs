using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PromoScaler.DaemonLoad;

/// <summary>
/// One measured run: N policy files, a daemon process on them, the wait until every policy has decided once, a
/// warm-up, then the measured span between two scrapes of its /metrics, sampling its RSS every second.
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan FirstRoundTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FirstRoundPerThousand = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<LoadResult> RunAsync(LoadRig rig, int count, LoadOptions options)
    {
        var time = TimeProvider.System;
        var directory = Path.Combine(rig.Directory, "run-" + count.ToString(CultureInfo.InvariantCulture));
        var policies = Path.Combine(directory, "policies");
        Directory.CreateDirectory(policies);
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(policies, LoadRig.Name(i) + ".yaml"), PolicyYaml(i, options));
        }

        var loadBefore = LoadAverage();
        var started = time.GetTimestamp();
        var daemons = new List<DaemonProcess>();
        try
        {
            for (var k = 0; k < options.Replicas; k++)
            {
                daemons.Add(await StartDaemonAsync(rig, directory, policies, options, k));
                Console.Error.WriteLine($"daemon {k} pid {daemons[^1].Id}");
            }

            // Every policy decided once (by some replica): the catalogs are loaded and the first round is through.
            while (await ScrapeAllAsync(daemons) is not { } first || Decisions(first).Count < count)
            {
                // Loading thousands of policy files and their first ticks take a while on a busy machine.
                var timeout = FirstRoundTimeout + (FirstRoundPerThousand * (count / 1000));
                if (daemons.Any(d => d.HasExited) || time.GetElapsedTime(started) > timeout)
                {
                    var exited = daemons.Where(d => d.HasExited).Select(d => $"\ndaemon pid {d.Id} exited; the end of its output:\n{d.Tail(20)}");
                    throw new InvalidOperationException($"{count} policies: not every policy decided within {timeout} (a daemon exited: {daemons.Any(d => d.HasExited)}; logs in {directory}){string.Concat(exited)}");
                }

                await Task.Delay(Poll, time);
            }

            var firstRound = time.GetElapsedTime(started);
            await Task.Delay(options.Warmup, time);

            var before = await ScrapeAllAsync(daemons) ?? throw new InvalidOperationException("a daemon stopped answering /metrics");
            var cpuBefore = daemons.Select(d => d.CpuTime).ToList();
            var serversBefore = ServersCpu(rig);
            var from = time.GetTimestamp();
            var rssMax = new long[daemons.Count];
            while (time.GetElapsedTime(from) < options.Measure)
            {
                for (var k = 0; k < daemons.Count; k++)
                {
                    rssMax[k] = Math.Max(rssMax[k], daemons[k].Rss().Now);
                }

                await Task.Delay(Poll, time);
            }

            var after = await ScrapeAllAsync(daemons) ?? throw new InvalidOperationException("a daemon stopped answering /metrics");
            var wall = time.GetElapsedTime(from);
            var serversAfter = ServersCpu(rig);
            var processes = daemons.Select((d, k) =>
            {
                var (rssNow, rssPeak) = d.Rss();
                return new ProcessFigures((d.CpuTime - cpuBefore[k]) / wall, Math.Max(rssMax[k], rssNow), rssPeak);
            }).ToList();
            var beforeDecisions = Decisions(before);
            var decided = Decisions(after).Select(p => p.Value - beforeDecisions.GetValueOrDefault(p.Key)).ToList();
            return new LoadResult(
                count,
                options.Interval,
                wall,
                firstRound,
                Sum(after, s => s.Lag).Since(Sum(before, s => s.Lag)),
                Sum(after, s => s.Duration).Since(Sum(before, s => s.Duration)),
                decided.Count == 0 ? 0 : decided.Min(),
                after.Sum(s => s.Failures) - before.Sum(s => s.Failures),
                processes)
            {
                Mode = options.Mode,
                Shards = options.Sharded ? options.Shards : 0,
                LoadBefore = loadBefore,
                LoadAfter = LoadAverage(),
                PrometheusCpu = (serversAfter.Prometheus - serversBefore.Prometheus) / wall,
                ApiServerCpu = (serversAfter.Bench - serversBefore.Bench) / wall,
                StateDocumentBytes = after.Max(s => s.StateDocumentBytes),
                StateWriteFailures = after.Sum(s => s.StateWriteFailures) - before.Sum(s => s.StateWriteFailures),
            };
        }
        finally
        {
            foreach (var daemon in daemons)
            {
                await daemon.DisposeAsync();
            }
        }
    }

    private static async Task<DaemonProcess> StartDaemonAsync(LoadRig rig, string directory, string policies, LoadOptions options, int k)
    {
        var name = "replica-" + k.ToString(CultureInfo.InvariantCulture);
        var admin = new Uri($"http://127.0.0.1:{FreePort()}");
        var settings = new Dictionary<string, string>
        {
            ["Policies:Directory"] = policies,
            ["State:File"] = Path.Combine(directory, "state.json"),
            ["Kubernetes:Kubeconfig"] = rig.ApiServer.WriteKubeconfig(Path.Combine(directory, $"kubeconfig-{name}"), LoadRig.Namespace),
            ["Prometheus:Sources:default:Url"] = rig.Prometheus.BaseUrl.ToString(),
            ["Admin:Urls"] = admin.ToString().TrimEnd('/'),
        };
        foreach (var (key, value) in options.Settings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        if (options.Sharded)
        {
            // One state ConfigMap per shard in the API server, one Lease per shard, as the chart runs them.
            settings["State:Kind"] = "configmap";
            settings["LeaderElection:Enabled"] = "true";
            settings["LeaderElection:Namespace"] = LoadRig.Namespace;
            settings["LeaderElection:Identity"] = name;
            settings["LeaderElection:Shards"] = options.Shards.ToString(CultureInfo.InvariantCulture);
        }

        return await DaemonProcess.StartAsync(settings, Path.Combine(directory, $"daemon-{name}.json"), Path.Combine(directory, $"daemon-{name}.log"), admin);
    }

    private static async Task<List<MetricsSnapshot>?> ScrapeAllAsync(List<DaemonProcess> daemons)
    {
        var snapshots = await Task.WhenAll(daemons.Select(d => d.ScrapeAsync()));
        return snapshots.Any(s => s is null) ? null : [.. snapshots.Select(s => s!)];
    }

    // A policy's decisions summed over replicas: after a shard moves, both the old and the new holder have counted some.
    private static Dictionary<string, double> Decisions(List<MetricsSnapshot> snapshots)
    {
        var sum = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (policy, value) in snapshots.SelectMany(s => s.Decisions))
        {
            sum[policy] = sum.GetValueOrDefault(policy) + value;
        }

        return sum;
    }

    private static Histogram Sum(List<MetricsSnapshot> snapshots, Func<MetricsSnapshot, Histogram> of) =>
        snapshots.Select(of).Aggregate((a, b) => a with { Counts = [.. a.Counts.Select((c, i) => c + (i < b.Counts.Length ? b.Counts[i] : 0))] });

    // Prometheus' process, and this one (the in-process API server and the load run's own polling).
    private static (TimeSpan Prometheus, TimeSpan Bench) ServersCpu(LoadRig rig)
    {
        var prometheus = rig.Prometheus.Process;
        prometheus?.Refresh();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (prometheus?.TotalProcessorTime ?? TimeSpan.Zero, self.TotalProcessorTime);
    }

    /// <summary>The machine's load averages (1, 5, 15 minutes): other builds share it.</summary>
    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    // Calibrated sizing: capacity 125/s per replica (the counters swing 50..250/s), 99% coverage over a day; target
    // mode: 100 per replica, so the policies move between 1 and 3 replicas.
    private static string PolicyYaml(int i, LoadOptions options)
    {
        var (sizing, extra) = options.Mode == "calibrated"
            ? ("capacityPerReplica: 125", "\n  sizing: { mode: calibrated, coverage: 99%, window: 24h }")
            : ("targetPerReplica: 100", "");
        return $$"""
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata:
              name: {{LoadRig.Name(i)}}
            spec:
              target: { kind: Deployment, namespace: {{LoadRig.Namespace}}, name: {{LoadRig.Name(i)}} }
              interval: {{PromoScaler.Core.Policies.Duration.Format(options.Interval)}}
              startup: 30s
              metrics:
                - name: rps
                  query: '{{LoadRig.Query(i)}}'
                  {{sizing}}{{extra}}
              guardrails: { minReplicas: 1, maxReplicas: 50 }
            """;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
