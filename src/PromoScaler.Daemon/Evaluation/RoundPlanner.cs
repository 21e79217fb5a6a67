using PromoScaler.Daemon.Intent;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// How one round sees its policies: operator pre-warms join the declared ones, a VM group gets the node windows of
/// the pods it hosts (so <c>prewarm add</c> on a pod policy pre-warms its nodes too), and pods tick before the groups
/// hosting them, so a group sees this round's pod counts.
/// </summary>
internal sealed class RoundPlanner(OperatorIntentBook intent)
{
    private IReadOnlyList<PolicySlot>? _slots;
    private Dictionary<string, PolicySlot> _byName = new(StringComparer.Ordinal);
    private ScalingPolicy[] _policies = [];

    /// <summary>
    /// Every policy as this round sees it, by name (the catalog is linked when loaded, so the links are recomputed
    /// only in a round that has a runtime pre-warm). Rounds come many times a second with thousands of policies: the
    /// lookups are built again only when the list of slots changes, and a round without runtime pre-warms allocates
    /// nothing per policy.
    /// </summary>
    public Round Plan(IReadOnlyList<PolicySlot> slots, DateTimeOffset now)
    {
        if (!ReferenceEquals(slots, _slots))
        {
            (_slots, _byName, _policies) = (slots, slots.ToDictionary(s => s.Name, StringComparer.Ordinal), [.. slots.Select(s => s.Policy)]);
        }

        List<ScalingPolicy>? withIntent = null;
        for (var i = 0; i < slots.Count; i++)
        {
            var policy = intent.WithRuntimePrewarms(slots[i].Policy, now);
            if (withIntent is null && !ReferenceEquals(policy, slots[i].Policy))
            {
                withIntent = new List<ScalingPolicy>(slots.Count);
                withIntent.AddRange(slots.Take(i).Select(s => s.Policy));
            }

            withIntent?.Add(policy);
        }

        return new Round(withIntent is null ? Current(slots) : HostingCatalog.Link(withIntent), _byName);
    }

    // A slot's policy is replaced in place when the catalog changes it: the cached array is refreshed if so.
    private ScalingPolicy[] Current(IReadOnlyList<PolicySlot> slots)
    {
        for (var i = 0; i < slots.Count; i++)
        {
            if (!ReferenceEquals(_policies[i], slots[i].Policy))
            {
                _policies = [.. slots.Select(s => s.Policy)];
                break;
            }
        }

        return _policies;
    }

    /// <summary>One round's view of the policies.</summary>
    internal sealed class Round
    {
        private readonly IReadOnlyList<ScalingPolicy> _effective;
        private readonly Dictionary<string, PolicySlot> _slots;

        public Round(IReadOnlyList<ScalingPolicy> effective, Dictionary<string, PolicySlot> slots)
        {
            _effective = effective;
            _slots = slots;
            Policies = effective;
        }

        /// <summary>Every policy with runtime pre-warms and hosted windows merged, in catalog order.</summary>
        public IReadOnlyList<ScalingPolicy> Policies { get; }

        /// <summary>The due policies in phases: pods (and everything else) first, then VM groups.</summary>
        public IEnumerable<List<ScalingPolicy>> Phases(IReadOnlySet<string> due) =>
            _effective.Where(p => due.Contains(p.Name)).GroupBy(p => p.Spec.Target.IsVmGroup).OrderBy(g => g.Key).Select(g => g.ToList());

        public PolicySlot SlotOf(ScalingPolicy policy) => SlotOf(policy.Name);

        public PolicySlot SlotOf(string policy) => _slots[policy];

        /// <summary>What a policy ticks with: for a VM group, what its hosted pod policies last asked (read once the pods' phase is done).</summary>
        public RoundInputs InputsOf(ScalingPolicy policy) => new(
            policy,
            policy.Spec.Target.IsVmGroup
                ? HostingCatalog.HostedBy(_effective, policy.Name).Select(p => _slots[p.Name].LastDemand).OfType<HostedPodDemand>().ToList()
                : null);
    }
}
