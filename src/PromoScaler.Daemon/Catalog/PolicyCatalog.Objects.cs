using PromoScaler.Core.Policies;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Daemon.Catalog;

/// <summary>The ScalingPolicy objects' part of the catalog: each object all or nothing, the last good version kept.</summary>
public sealed partial class PolicyCatalog
{
    private readonly Dictionary<string, (PolicyObject Object, ScalingPolicy Policy)> _lastGood = new(StringComparer.Ordinal);
    private IReadOnlyList<ScalingPolicy> _objectPolicies = [];
    private volatile IReadOnlyDictionary<string, ObjectVerdict> _verdicts = new Dictionary<string, ObjectVerdict>();

    /// <summary>What the last reload made of each ScalingPolicy object, by <c>NAMESPACE/NAME</c>.</summary>
    public IReadOnlyDictionary<string, ObjectVerdict> Verdicts => _verdicts;

    /// <summary>The object a running policy comes from, or null for a file's policy.</summary>
    public PolicyObject? ObjectOf(string policyName) =>
        _verdicts.Values.FirstOrDefault(v => v.RunningGeneration is not null && v.Source.Name == policyName)?.Source;

    /// <summary>Loads every object; returns true when the running object policies changed.</summary>
    // Long on purpose: one pass deciding for each object what runs (this version, the last good one, or nothing) under the name-clash rules; the pass's maps are shared by every step.
    private bool ReloadObjects(IReadOnlyCollection<PolicyObject> objects)
    {
        var now = _time.GetUtcNow();
        var fileNames = _filePolicies.ToDictionary(p => p.Name, p => p.Origin.File, StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var verdicts = new Dictionary<string, ObjectVerdict>(StringComparer.Ordinal);
        var running = new List<ScalingPolicy>();
        foreach (var o in objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            // An object read again unchanged keeps its policy instance, so nothing downstream sees a change.
            var (policy, errors) = _lastGood.TryGetValue(o.Key, out var same) && SamePolicy(same.Object, o)
                ? (same.Policy, (IReadOnlyList<string>)[])
                : PolicyObjectLoader.Load(o, _options.AllowCrossNamespaceTargets, now);
            if (fileNames.TryGetValue(o.Name, out var file))
            {
                Log.PolicyNameClash(_logger, o.Name, file, PolicyObjectLoader.Label(o));
                (policy, errors) = (null, [$"metadata.name: {o.Name} is also a policy of file {file}; a policy name must be unique across files and objects: rename one"]);
            }
            else if (owners.TryGetValue(o.Name, out var owner))
            {
                (policy, errors) = (null, [$"metadata.name: {o.Name} is already ScalingPolicy {owner}; a policy name must be unique across namespaces"]);
            }

            ScalingPolicy? runs = policy;
            long? generation = o.Generation;
            if (policy is not null)
            {
                _lastGood[o.Key] = (o, policy);
            }
            else if (_lastGood.TryGetValue(o.Key, out var good) && !fileNames.ContainsKey(o.Name) && !owners.ContainsKey(o.Name))
            {
                (runs, generation) = (good.Policy, good.Object.Generation);
            }
            else
            {
                generation = null;
            }

            if (errors.Count > 0 && !(_verdicts.TryGetValue(o.Key, out var before) && SamePolicy(before.Source, o)))
            {
                var kept = generation is { } g ? $"generation {g} keeps running" : "nothing of it runs";
                Log.PolicyObjectRefused(_logger, PolicyObjectLoader.Label(o), o.Generation, kept, string.Join("; ", errors));
                _metrics.PolicyLoadErrors.Inc(errors.Count);
            }

            if (runs is not null)
            {
                owners[o.Name] = o.Key;
                running.Add(runs);
            }

            verdicts[o.Key] = new ObjectVerdict(o, errors, generation);
        }

        foreach (var gone in _lastGood.Keys.Where(k => !verdicts.ContainsKey(k)).ToList())
        {
            _lastGood.Remove(gone);
        }

        var changed = !running.SequenceEqual(_objectPolicies);
        _objectPolicies = running;
        _verdicts = verdicts;
        return changed || verdicts.Count != objects.Count;
    }

    /// <summary>
    /// Whether two reads of an object hold the same policy. The loader reads the spec, the name and the labels: a
    /// spec change bumps <c>metadata.generation</c>, a status write (ours, every round) changes only the
    /// resourceVersion, and must not reload the policy nor log its refusal again. Without a generation, any change counts.
    /// </summary>
    private static bool SamePolicy(PolicyObject a, PolicyObject b) =>
        a.Generation > 0
            ? a.Generation == b.Generation && a.Body["metadata"]?["labels"]?.ToJsonString() == b.Body["metadata"]?["labels"]?.ToJsonString()
            : a.ResourceVersion == b.ResourceVersion;

    private List<string> RejectedSources() =>
        [.. _verdicts.Values.Where(v => !v.Valid).Select(v => PolicyObjectLoader.Label(v.Source))];
}
