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
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<LoadResult> RunAsync(LoadRig rig, int count, LoadOptions options)
    {
        var time = TimeProvider.System;
        var directory = Path.Combine(rig.Directory, "run-" + count.ToString(CultureInfo.InvariantCulture));
        var policies = Path.Combine(directory, "policies");
        Directory.CreateDirectory(policies);
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(policies, LoadRig.Name(i) + ".yaml"), PolicyYaml(i, options.Interval));
        }

        var admin = new Uri($"http://127.0.0.1:{FreePort()}");
        var settings = new Dictionary<string, string>
        {
            ["Policies:Directory"] = policies,
            ["State:File"] = Path.Combine(directory, "state.json"),
            ["Kubernetes:Kubeconfig"] = rig.ApiServer.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), LoadRig.Namespace),
            ["Prometheus:Sources:default:Url"] = rig.Prometheus.BaseUrl.ToString(),
            ["Admin:Urls"] = admin.ToString().TrimEnd('/'),
        };
        var started = time.GetTimestamp();
        await using var daemon = await DaemonProcess.StartAsync(settings, Path.Combine(directory, "daemon.json"), Path.Combine(directory, "daemon.log"), admin);

        // Every policy decided once: the catalog is loaded and the first round is through.
        while (await daemon.ScrapeAsync() is not { } first || first.Decisions.Count < count)
        {
            if (daemon.HasExited || time.GetElapsedTime(started) > FirstRoundTimeout)
            {
                throw new InvalidOperationException($"{count} policies: not every policy decided within {FirstRoundTimeout} (daemon exited: {daemon.HasExited}; log {Path.Combine(directory, "daemon.log")})");
            }

            await Task.Delay(Poll, time);
        }

        var firstRound = time.GetElapsedTime(started);
        await Task.Delay(options.Warmup, time);

        var before = await daemon.ScrapeAsync() ?? throw new InvalidOperationException("the daemon stopped answering /metrics");
        var cpuBefore = daemon.CpuTime;
        var from = time.GetTimestamp();
        long rssMax = 0;
        while (time.GetElapsedTime(from) < options.Measure)
        {
            rssMax = Math.Max(rssMax, daemon.Rss().Now);
            await Task.Delay(Poll, time);
        }

        var after = await daemon.ScrapeAsync() ?? throw new InvalidOperationException("the daemon stopped answering /metrics");
        var wall = time.GetElapsedTime(from);
        var cpu = daemon.CpuTime - cpuBefore;
        var (rssNow, rssPeak) = daemon.Rss();
        var decided = after.Decisions.Select(p => p.Value - before.Decisions.GetValueOrDefault(p.Key)).ToList();
        return new LoadResult(
            count,
            options.Interval,
            wall,
            firstRound,
            after.Lag.Since(before.Lag),
            after.Duration.Since(before.Duration),
            decided.Count == 0 ? 0 : decided.Min(),
            after.Failures - before.Failures,
            cpu / wall,
            Math.Max(rssMax, rssNow),
            rssPeak);
    }

    private static string PolicyYaml(int i, TimeSpan interval) => $$"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {{LoadRig.Name(i)}}
        spec:
          target: { kind: Deployment, namespace: {{LoadRig.Namespace}}, name: {{LoadRig.Name(i)}} }
          interval: {{PromoScaler.Core.Policies.Duration.Format(interval)}}
          startup: 30s
          metrics:
            - name: rps
              query: '{{LoadRig.Query(i)}}'
              targetPerReplica: 100
          guardrails: { minReplicas: 1, maxReplicas: 50 }
        """;

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
