using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace PromoScaler.Kubernetes.Targets.Watching;

/// <summary>
/// Keeps the Deployments (or StatefulSets) of one namespace as client-go's reflector does: list, then watch from the
/// list's resourceVersion with bookmarks, each watch request lasting <c>watchFor</c>; a watch that ends on time
/// resumes from the last version seen, a 410 Expired relists, a failure backs off (1s doubling to 30s) and marks the
/// cache down until the next list or watch event. Every list, event, bookmark and on-time end proves the cache
/// current at that instant (<see cref="ConfirmedAt"/>).
/// </summary>
internal sealed class WorkloadReflector(IKubernetes client, bool statefulSet, string ns, TimeSpan watchFor, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(30);
    private readonly Lock gate = new();
    private readonly Dictionary<string, CachedWorkload> objects = new(StringComparer.Ordinal);
    private DateTimeOffset? confirmedAt;
    private bool down = true;

    /// <summary>When the cache was last proved current; null before the first list.</summary>
    public DateTimeOffset? ConfirmedAt
    {
        get
        {
            lock (gate)
            {
                return confirmedAt;
            }
        }
    }

    private string Kind => statefulSet ? "statefulsets" : "deployments";

    /// <summary>The object <paramref name="name"/>, if the cache may answer for it (see <see cref="CacheLookup"/>).</summary>
    public CacheLookup Lookup(string name, string? atLeast, TimeSpan maxAge)
    {
        lock (gate)
        {
            var age = confirmedAt is { } at ? time.GetUtcNow() - at : (TimeSpan?)null;
            string? miss = down ? "cacheDown" : age is null || age > maxAge ? "cacheStale" : null;
            if (miss is null && !objects.TryGetValue(name, out var hit))
            {
                miss = "notCached";
            }
            else if (miss is null && atLeast is not null && !objects[name].HasSeen(atLeast))
            {
                miss = "cacheBehind";
            }

            return miss is null ? new CacheLookup(objects[name], null, age) : new CacheLookup(null, miss, age);
        }
    }

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? version = null;
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                version ??= await ListAsync(cancellationToken).ConfigureAwait(false);
                version = await WatchAsync(version, cancellationToken).ConfigureAwait(false);
                backoff = FirstBackoff;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of a list or watch is retried; meanwhile ticks read with a GET.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Down();
                Log.TargetWatchFailed(logger, Kind, ns, ex.Message, backoff);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var (items, version) = statefulSet
            ? Items(await client.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false))
            : Items(await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false));
        lock (gate)
        {
            var listed = items.ToDictionary(i => i.Name, i => i.State, StringComparer.Ordinal);
            foreach (var gone in objects.Keys.Where(k => !listed.ContainsKey(k)).ToList())
            {
                objects.Remove(gone);
            }

            foreach (var (name, state) in listed)
            {
                objects[name] = objects.TryGetValue(name, out var known) && known.ResourceVersion != state.ResourceVersion ? known.Then(state) : known ?? state;
            }

            Confirm();
        }

        Log.TargetsListed(logger, Kind, ns, items.Count, version);
        return version;
    }

    /// <summary>Watches from <paramref name="version"/> until the request ends; the last version seen, or null after a 410 (relist).</summary>
    private async Task<string?> WatchAsync(string version, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var seconds = Math.Max(1, (int)watchFor.TotalSeconds);
        var events = statefulSet
            ? Map(client.AppsV1.WatchListNamespacedStatefulSetAsync(ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: seconds, onError: e => failure ??= e, cancellationToken: cancellationToken), s => (s.Metadata, State(s.Metadata, s.Spec?.Replicas, s.Status?.Replicas, s.Status?.ReadyReplicas)))
            : Map(client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: seconds, onError: e => failure ??= e, cancellationToken: cancellationToken), d => (d.Metadata, State(d.Metadata, d.Spec?.Replicas, d.Status?.Replicas, d.Status?.ReadyReplicas)));
        await foreach (var (type, metadata, state) in events.ConfigureAwait(false))
        {
            version = metadata?.ResourceVersion ?? version;
            lock (gate)
            {
                if (type == WatchEventType.Deleted && metadata?.Name is { } deleted)
                {
                    objects.Remove(deleted);
                }
                else if (type is WatchEventType.Added or WatchEventType.Modified && metadata?.Name is { } name)
                {
                    objects[name] = objects.TryGetValue(name, out var known) ? known.Then(state) : state;
                }

                Confirm();
            }
        }

        switch (failure)
        {
            case null:
                lock (gate)
                {
                    Confirm(); // the watch lasted its whole time: everything until now was delivered
                }

                return version;
            case KubernetesException { Status.Code: 410 }:
            case HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Gone }:
                Log.TargetWatchExpired(logger, Kind, ns, version);
                return null;
            default:
                throw failure;
        }
    }

    private void Confirm()
    {
        confirmedAt = time.GetUtcNow();
        down = false;
    }

    private void Down()
    {
        lock (gate)
        {
            down = true;
        }
    }

    private static async IAsyncEnumerable<(WatchEventType Type, V1ObjectMeta? Metadata, CachedWorkload State)> Map<T>(
        IAsyncEnumerable<(WatchEventType, T)> events, Func<T, (V1ObjectMeta? Metadata, CachedWorkload State)> state)
    {
        await foreach (var (type, item) in events.ConfigureAwait(false))
        {
            var (metadata, cached) = state(item);
            yield return (type, metadata, cached);
        }
    }

    private static (List<(string Name, CachedWorkload State)> Items, string Version) Items(V1DeploymentList list) =>
        ([.. list.Items.Select(d => (d.Metadata.Name, State(d.Metadata, d.Spec?.Replicas, d.Status?.Replicas, d.Status?.ReadyReplicas)))], list.Metadata?.ResourceVersion ?? string.Empty);

    private static (List<(string Name, CachedWorkload State)> Items, string Version) Items(V1StatefulSetList list) =>
        ([.. list.Items.Select(s => (s.Metadata.Name, State(s.Metadata, s.Spec?.Replicas, s.Status?.Replicas, s.Status?.ReadyReplicas)))], list.Metadata?.ResourceVersion ?? string.Empty);

    private static CachedWorkload State(V1ObjectMeta? metadata, int? spec, int? status, int? ready) =>
        new(spec, status, ready, metadata?.ResourceVersion ?? string.Empty, metadata?.Uid, []);
}
