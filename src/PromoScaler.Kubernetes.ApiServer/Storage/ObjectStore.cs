using System.Globalization;
using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.ApiServer.Simulation;

namespace PromoScaler.Kubernetes.ApiServer.Storage;

/// <summary>
/// The objects, as JSON, with one revision counter for all of them as etcd has: every stored change takes the next
/// revision as its <c>metadata.resourceVersion</c>. Every read-modify-write runs under one lock, so a precondition
/// checked in a change is still true when the change is stored.
/// </summary>
internal sealed class ObjectStore(TimeProvider timeProvider, PodReadiness? pods, int historyCapacity = 1000) : IDisposable
{
    private readonly Dictionary<ObjectKey, ITimer> readinessTimers = [];
    private readonly Lock gate = new();
    private readonly ChangeFeed feed = new(historyCapacity);
    private readonly Dictionary<ObjectKey, (ResourceType Type, JsonObject Object)> objects = [];
    private long revision;

    /// <summary>The latest revision, as a list's <c>metadata.resourceVersion</c>.</summary>
    public string Revision
    {
        get
        {
            lock (gate)
            {
                return revision.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    public JsonObject? Get(ResourceType type, string ns, string name)
    {
        lock (gate)
        {
            var key = Key(type, ns, name);
            return objects.TryGetValue(key, out var entry) ? (JsonObject)Refreshed(key, entry.Type, entry.Object).DeepClone() : null;
        }
    }

    public IReadOnlyList<JsonObject> List(ResourceType type, string? ns)
    {
        lock (gate)
        {
            return objects
                .Where(e => e.Key.Group == type.Group && e.Key.Plural == type.Plural && (ns is null || e.Key.Namespace == ns))
                .OrderBy(e => e.Key.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Name, StringComparer.Ordinal)
                .Select(e => (JsonObject)Refreshed(e.Key, e.Value.Type, e.Value.Object).DeepClone())
                .ToList();
        }
    }

    /// <summary>
    /// Stores what <paramref name="change"/> makes of the current object (a copy; null when there is none), after the
    /// kind's validation. The change checks its own preconditions and throws an <see cref="ApiStatusException"/> to
    /// refuse. With <paramref name="dryRun"/>, returns what would be stored and stores nothing.
    /// </summary>
    // Long on purpose: the API server's write under one lock: metadata, generation, validation, dry run, revision, watch event, in the apiserver's order.
    public JsonObject Write(ResourceType type, string ns, string name, Func<JsonObject?, JsonObject> change, bool dryRun = false)
    {
        lock (gate)
        {
            var key = Key(type, ns, name);
            JsonObject? current = objects.TryGetValue(key, out var entry) ? (JsonObject)Refreshed(key, type, entry.Object).DeepClone() : null;
            var next = change(current is null ? null : (JsonObject)current.DeepClone());
            var metadata = Metadata(next);
            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }
            else
            {
                metadata.Remove("namespace");
            }

            next["apiVersion"] = type.ApiVersion;
            next["kind"] = type.Kind;
            if (current is null)
            {
                metadata["uid"] = Guid.NewGuid().ToString();
                metadata["creationTimestamp"] = timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                if (TracksGeneration(type))
                {
                    metadata["generation"] = 1;
                }
            }
            else
            {
                metadata["uid"] = current["metadata"]!["uid"]!.DeepClone();
                metadata["creationTimestamp"] = current["metadata"]!["creationTimestamp"]!.DeepClone();
                if (TracksGeneration(type))
                {
                    var generation = JsonPaths.AsInt(current["metadata"]!["generation"]) ?? 1;
                    var specChanged = current["spec"]?.ToJsonString() != next["spec"]?.ToJsonString();
                    metadata["generation"] = specChanged ? generation + 1 : generation;
                }
            }

            if (type.Validate(next) is { Count: > 0 } errors)
            {
                throw new ApiStatusException(422, ApiStatus.Invalid(type.KindName, name, errors));
            }

            if (dryRun)
            {
                metadata["resourceVersion"] = current?["metadata"]?["resourceVersion"]?.DeepClone();
                return next;
            }

            metadata["resourceVersion"] = NextRevision();
            if (type.Scale is not null)
            {
                pods?.Refresh(key, type, next);
            }

            objects[key] = (type, next);
            feed.Record(new ChangeEvent(current is null ? "ADDED" : "MODIFIED", key, revision, (JsonObject)next.DeepClone()));
            WakeAtReadiness(key);
            return (JsonObject)next.DeepClone();
        }
    }

    public JsonObject? Delete(ResourceType type, string ns, string name)
    {
        lock (gate)
        {
            var key = Key(type, ns, name);
            if (!objects.Remove(key, out var entry))
            {
                return null;
            }

            pods?.Forget(key);
            if (readinessTimers.Remove(key, out var timer))
            {
                timer.Dispose();
            }

            entry.Object["metadata"]!["resourceVersion"] = NextRevision();
            feed.Record(new ChangeEvent("DELETED", key, revision, (JsonObject)entry.Object.DeepClone()));
            return entry.Object;
        }
    }

    /// <summary>
    /// A watch of <paramref name="type"/> in <paramref name="ns"/> (null: all) from <paramref name="from"/>: the changes
    /// since (every object as ADDED when null, as a watch without a resourceVersion starts), then the ones to come.
    /// Null when <paramref name="from"/> is older than the history kept (410 Expired).
    /// </summary>
    public WatchStart? Watch(ResourceType type, string? ns, long? from, Func<JsonObject, bool> matches)
    {
        lock (gate)
        {
            if (from is { } start && start < feed.CompactedRevision)
            {
                return null;
            }

            var subscription = feed.Subscribe(from ?? revision, c => ChangeFeed.SameResource(c, type, ns) && matches(c.Object));
            var backlog = from is null
                ? [.. objects.Where(e => e.Key.Group == type.Group && e.Key.Plural == type.Plural && (ns is null || e.Key.Namespace == ns))
                    .OrderBy(e => e.Key.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Name, StringComparer.Ordinal)
                    .Select(e => new ChangeEvent("ADDED", e.Key, revision, (JsonObject)e.Value.Object.DeepClone()))
                    .Where(c => matches(c.Object))]
                : subscription.Backlog;
            return new WatchStart(backlog, subscription.Next, subscription.Cancel);
        }
    }

    /// <summary>The oldest revision a watch may start from.</summary>
    public long CompactedRevision
    {
        get
        {
            lock (gate)
            {
                return feed.CompactedRevision;
            }
        }
    }

    /// <summary>Forgets the history up to now: a watch from any earlier revision gets 410 Expired.</summary>
    public void Compact()
    {
        lock (gate)
        {
            feed.Compact(revision);
        }
    }

    /// <summary>Ends every open watch.</summary>
    public void EndWatches()
    {
        lock (gate)
        {
            feed.EndAll();
        }
    }

    /// <summary>Stops the readiness timers.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var timer in readinessTimers.Values)
            {
                timer.Dispose();
            }

            readinessTimers.Clear();
        }
    }

    // Sets a timer at the next instant a cohort of the object becomes ready; it brings the status up to date then,
    // as a controller would, so the change reaches watches without anyone reading the object. Called under the lock.
    private void WakeAtReadiness(ObjectKey key)
    {
        if (readinessTimers.Remove(key, out var old))
        {
            old.Dispose();
        }

        if (pods?.NextReadyAt(key) is not { } at)
        {
            return;
        }

        readinessTimers[key] = timeProvider.CreateTimer(
            _ =>
            {
                lock (gate)
                {
                    if (objects.TryGetValue(key, out var entry))
                    {
                        Refreshed(key, entry.Type, entry.Object);
                    }
                }
            },
            null,
            at - timeProvider.GetUtcNow(),
            Timeout.InfiniteTimeSpan);
    }

    private static ObjectKey Key(ResourceType type, string ns, string name) => new(type.Group, type.Plural, ns, name);

    private static bool TracksGeneration(ResourceType type) => type.HasStatusSubresource || type.Scale is not null;

    private static JsonObject Metadata(JsonObject o)
    {
        if (o["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            o["metadata"] = metadata;
        }

        return metadata;
    }

    /// <summary>A status moved by simulated pods is a change like any other: it takes a new revision.</summary>
    private JsonObject Refreshed(ObjectKey key, ResourceType type, JsonObject o)
    {
        if (type.Scale is not null && pods is not null && pods.Refresh(key, type, o))
        {
            o["metadata"]!["resourceVersion"] = NextRevision();
            feed.Record(new ChangeEvent("MODIFIED", key, revision, (JsonObject)o.DeepClone()));
            WakeAtReadiness(key);
        }

        return o;
    }

    private string NextRevision() => (++revision).ToString(CultureInfo.InvariantCulture);
}
