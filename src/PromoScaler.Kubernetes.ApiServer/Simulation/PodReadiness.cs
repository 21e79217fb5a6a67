using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Simulation;

/// <summary>
/// Simulated pods of every scalable object: a scale-up adds a cohort of pods that become ready <c>startup</c> after
/// it; a scale-down removes the newest (not yet ready first, as the ReplicaSet controller prefers). The status is
/// brought up to date whenever the object is read or written, and when a cohort becomes ready (a timer the store sets,
/// so a watch sees the change as it sees a controller's status update), on the server's <see cref="TimeProvider"/>,
/// so a test sees readiness move exactly when it advances its fake clock. Objects present before simulation saw them are
/// taken as already running.
/// </summary>
internal sealed class PodReadiness(TimeProvider timeProvider, TimeSpan startup)
{
    private readonly Dictionary<Storage.ObjectKey, List<Cohort>> cohorts = [];

    /// <summary>Brings <paramref name="o"/>'s status counts up to date; true when they changed.</summary>
    public bool Refresh(Storage.ObjectKey key, ResourceType type, JsonObject o)
    {
        var scale = type.Scale!;
        var spec = JsonPaths.AsInt(JsonPaths.Get(o, scale.SpecReplicasPath)) ?? 1;
        var now = timeProvider.GetUtcNow();
        if (!cohorts.TryGetValue(key, out var list))
        {
            list = [new Cohort(spec, DateTimeOffset.MinValue)];
            cohorts[key] = list;
        }

        Resize(list, spec, now + startup);
        var ready = list.Where(c => c.ReadyAt <= now).Sum(c => c.Count);
        var before = o["status"]?.ToJsonString();
        JsonPaths.Set(o, scale.StatusReplicasPath, spec);
        JsonPaths.Set(o, ".status.readyReplicas", ready);
        if (type.Group == "apps")
        {
            JsonPaths.Set(o, ".status.availableReplicas", ready);
            JsonPaths.Set(o, ".status.updatedReplicas", spec);
            JsonPaths.Set(o, ".status.observedGeneration", o["metadata"]?["generation"]?.DeepClone());
        }

        return before != o["status"]?.ToJsonString();
    }

    /// <summary>When the next cohort of <paramref name="key"/> becomes ready, or null when every pod is ready.</summary>
    public DateTimeOffset? NextReadyAt(Storage.ObjectKey key)
    {
        var now = timeProvider.GetUtcNow();
        return cohorts.TryGetValue(key, out var list) && list.Where(c => c.ReadyAt > now).Select(c => c.ReadyAt).DefaultIfEmpty().Min() is var next && next > now
            ? next
            : null;
    }

    public void Forget(Storage.ObjectKey key) => cohorts.Remove(key);

    private static void Resize(List<Cohort> list, int spec, DateTimeOffset readyAt)
    {
        var total = list.Sum(c => c.Count);
        if (spec > total)
        {
            list.Add(new Cohort(spec - total, readyAt));
            return;
        }

        // The newest cohorts are the least ready: remove from the end.
        for (var excess = total - spec; excess > 0;)
        {
            var last = list[^1];
            var removed = Math.Min(excess, last.Count);
            excess -= removed;
            if (removed == last.Count)
            {
                list.RemoveAt(list.Count - 1);
            }
            else
            {
                list[^1] = last with { Count = last.Count - removed };
            }
        }
    }

    private sealed record Cohort(int Count, DateTimeOffset ReadyAt);
}
