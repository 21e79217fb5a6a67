using Microsoft.Extensions.Options;
using PromoScaler.Daemon.History;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Core.Runtime;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// The policies the daemon evaluates, kept in step with the catalog: a policy added gets a slot (its runtime, its
/// target adapter), a policy removed loses it and its memory, a policy changed keeps its memory and its warm models
/// unless what they depend on changed. With sharding, only the policies of shards this replica holds have a runtime
/// (models, sizing windows, history): one is built when the shard is gained (its memory restored from the state
/// read when the term begins) and let go when it is lost. Safe to read from the admin surface while a round runs.
/// </summary>
internal sealed class PolicyTable(TargetResolver targets, IMetricHistory history, IOptions<EvaluationOptions> options, StateKeeper state, DecisionLog decisions, DaemonMetrics telemetry)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PolicySlot> _slots = new(StringComparer.Ordinal);
    private long _generation;
    private ulong? _holding;
    private PolicySlot[]? _list;

    /// <summary>The slots, in catalog order: the same list until the catalog changes (rounds come many times a second).</summary>
    public IReadOnlyList<PolicySlot> Slots()
    {
        lock (_lock)
        {
            return _list ??= [.. _slots.Values];
        }
    }

    /// <summary>How many policies have a runtime here (with sharding: those of the shards this replica holds).</summary>
    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _slots.Values.Count(s => s.Runtime is not null);
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="snapshot"/> when it is newer than the last one applied, and builds or lets go of runtimes
    /// when the shards <paramref name="leadership"/> holds changed; a new runtime's memory comes from
    /// <paramref name="memoryOf"/> (null: none known yet). True when the catalog changed.
    /// </summary>
    public bool Reconcile(CatalogSnapshot snapshot, Func<string, PolicyMemory?> memoryOf, ILeadership leadership)
    {
        var holding = leadership.Holding;
        var catalogChanged = snapshot.Generation != _generation;
        if (!catalogChanged && holding == _holding)
        {
            return false;
        }

        lock (_lock)
        {
            if (catalogChanged)
            {
                Follow(snapshot);
            }

            foreach (var slot in _slots.Values)
            {
                var evaluates = leadership.Evaluates(slot.Name);
                if (evaluates && slot.Runtime is null)
                {
                    slot.Hold(Runtime(slot.Policy, memoryOf(slot.Name)));
                }
                else if (!evaluates && slot.Runtime is not null)
                {
                    slot.Release();
                }
            }

            _generation = snapshot.Generation;
            _holding = holding;
        }

        if (!catalogChanged)
        {
            return false;
        }

        var names = snapshot.Policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        state.Retain(names);
        decisions.Retain(names);
        return true;
    }

    private void Follow(CatalogSnapshot snapshot)
    {
        var wanted = snapshot.Policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in _slots.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            _slots.Remove(name);
            telemetry.Forget(name);
        }

        foreach (var policy in snapshot.Policies)
        {
            if (_slots.TryGetValue(policy.Name, out var slot))
            {
                Update(slot, policy);
            }
            else
            {
                // Its runtime, when this replica evaluates it, is built by the caller's pass over every slot.
                var target = targets.Resolve(policy.Spec.Target, out var problem);
                _slots[policy.Name] = new PolicySlot(policy, null, target, problem);
            }
        }

        _list = null;
    }

    private PolicyRuntime Runtime(ScalingPolicy policy, PolicyMemory? memory)
    {
        // The daemon stamps a reading when it reads it: a step sample exists as soon as Prometheus answers for its
        // stamp (no sample delay); how old the demand a reading measures is, is configured (Evaluation:SignalLag).
        var runtime = new PolicyRuntime(policy, new RuntimeSettings { History = history, SignalLag = options.Value.SignalLag });
        if (memory is not null)
        {
            runtime.Restore(memory);
        }

        return runtime;
    }

    // A changed policy keeps its place in the cadence and its memory; its target adapter is rebuilt only when the
    // target changed, its models only when what they depend on changed (the runtime decides).
    private void Update(PolicySlot slot, ScalingPolicy policy)
    {
        var oldTarget = slot.Policy.Spec.Target;
        slot.Update(policy);
        if (oldTarget != policy.Spec.Target)
        {
            slot.Target = targets.Resolve(policy.Spec.Target, out var problem);
            slot.TargetProblem = problem;
        }
    }
}
