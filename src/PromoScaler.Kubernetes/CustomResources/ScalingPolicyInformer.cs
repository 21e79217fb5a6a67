using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace PromoScaler.Kubernetes.CustomResources;

/// <summary>
/// Keeps the ScalingPolicy objects of some namespaces (or all) as the API server has them, as client-go's reflector
/// does: list, then watch from the list's resourceVersion with bookmarks; a watch that ends or drops resumes from the
/// last resourceVersion seen (quietly when it ended by its own timeout, after a backoff and a warning when it
/// failed); a 410 Expired relists, and the relist replaces that
/// scope's objects as a whole, so nothing is lost or counted twice and unchanged objects stay as they were.
/// <see cref="Changed"/> fires after every change of <see cref="Current"/>.
/// </summary>
public sealed class ScalingPolicyInformer(IKubernetes client, IReadOnlyList<string> namespaces, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, PolicyObject> objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> synced = new(StringComparer.Ordinal);

    /// <summary>How long one watch request lasts before it is renewed from the last resourceVersion. Default 5 minutes.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The objects now, by <c>NAMESPACE/NAME</c>.</summary>
    public IReadOnlyCollection<PolicyObject> Current => [.. objects.Values.OrderBy(o => o.Key, StringComparer.Ordinal)];

    /// <summary>True once every scope was listed once: before that, a missing object may just not be read yet.</summary>
    public bool Synced => Scopes.All(s => synced.ContainsKey(s ?? string.Empty));

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    public event Action? Changed;

    private IReadOnlyList<string?> Scopes => namespaces.Count == 0 ? [null] : [.. namespaces];

    /// <summary>Runs a reflector per scope until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Scopes.Select(scope => ReflectAsync(scope, cancellationToken)));

    /// <summary>Lists <paramref name="scope"/> (null: every namespace), replaces its objects, and returns the list's resourceVersion.</summary>
    internal async Task<string> ListAsync(string? scope, CancellationToken cancellationToken)
    {
        var list = scope is null
            ? await client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(ScalingPolicyDefinition.Group, ScalingPolicyDefinition.Version, ScalingPolicyDefinition.Plural, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(ScalingPolicyDefinition.Group, ScalingPolicyDefinition.Version, scope, ScalingPolicyDefinition.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        var listed = (list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(PolicyObject.From).OfType<PolicyObject>().ToDictionary(o => o.Key, StringComparer.Ordinal);
        var changed = false;
        foreach (var key in objects.Keys.Where(k => InScope(k, scope) && !listed.ContainsKey(k)))
        {
            changed |= objects.TryRemove(key, out _);
        }

        foreach (var (key, o) in listed)
        {
            if (!objects.TryGetValue(key, out var known) || known.ResourceVersion != o.ResourceVersion)
            {
                objects[key] = o;
                changed = true;
            }
        }

        var version = (string?)list["metadata"]?["resourceVersion"] ?? string.Empty;
        var first = synced.TryAdd(scope ?? string.Empty, true);
        Log.PoliciesListed(logger, Describe(scope), listed.Count, version);
        if (changed || first)
        {
            Changed?.Invoke();
        }

        return version;
    }

    /// <summary>Watches <paramref name="scope"/> from <paramref name="version"/> until the stream ends; returns the last version seen, null after a 410.</summary>
    internal async Task<string?> WatchAsync(string? scope, string version, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var seconds = (int)WatchTimeout.TotalSeconds;
        var events = scope is null
            ? client.CustomObjects.WatchListClusterCustomObjectAsync(ScalingPolicyDefinition.Group, ScalingPolicyDefinition.Version, ScalingPolicyDefinition.Plural,
                allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: seconds, onError: e => failure ??= e, cancellationToken: cancellationToken)
            : client.CustomObjects.WatchListNamespacedCustomObjectAsync(ScalingPolicyDefinition.Group, ScalingPolicyDefinition.Version, scope, ScalingPolicyDefinition.Plural,
                allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: seconds, onError: e => failure ??= e, cancellationToken: cancellationToken);
        try
        {
            await foreach (var (type, item) in events.ConfigureAwait(false))
            {
                var o = JsonNode.Parse(KubernetesJson.Serialize(item)) as JsonObject;
                version = (string?)o?["metadata"]?["resourceVersion"] ?? version;
                if (o is null || type == WatchEventType.Bookmark || PolicyObject.From(o) is not { } policy)
                {
                    continue;
                }

                if (type == WatchEventType.Deleted)
                {
                    objects.TryRemove(policy.Key, out _);
                }
                else
                {
                    objects[policy.Key] = policy;
                }

                Changed?.Invoke();
            }
        }
        catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
        {
            // KubernetesClient peeks at a watch's first line: a stream the server closed cleanly before sending one
            // (its timeoutSeconds elapsed with nothing changed and no bookmark) throws EndOfStream. That is a normal
            // end; a dropped connection is an HttpIOException instead, and stays a failure.
            return version;
        }

        return failure switch
        {
            null => version,
            KubernetesException { Status.Code: 410 } => null,
            HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Gone } => null,
            _ => throw failure,
        };
    }

    private async Task ReflectAsync(string? scope, CancellationToken cancellationToken)
    {
        string? version = null;
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    version = await ListAsync(scope, cancellationToken).ConfigureAwait(false);
                }

                var last = version;
                version = await WatchAsync(scope, version, cancellationToken).ConfigureAwait(false);
                if (version is null)
                {
                    Log.PolicyWatchExpired(logger, Describe(scope), last);
                }
                else
                {
                    Log.PolicyWatchEnded(logger, Describe(scope), version);
                }

                backoff = FirstBackoff;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of a list or watch is retried; the objects read so far keep running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.PolicyWatchFailed(logger, Describe(scope), ex.Message, backoff);
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

    private static bool InScope(string key, string? scope) => scope is null || key.StartsWith(scope + "/", StringComparison.Ordinal);

    private static string Describe(string? scope) => scope is null ? "in every namespace" : $"in namespace {scope}";
}
