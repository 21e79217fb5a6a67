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
    /// <summary>Every policy as this round sees it, by name (the catalog is linked when loaded, so the links are recomputed only in a round that has a runtime pre-warm).</summary>
    public Round Plan(IReadOnlyList<PolicySlot> slots, DateTimeOffset now)
    {
        List<ScalingPolicy> withIntent = [.. slots.Select(s => intent.WithRuntimePrewarms(s.Policy, now))];
        var changed = withIntent.Where((p, i) => !ReferenceEquals(p, slots[i].Policy)).Any();
        var effective = changed ? HostingCatalog.Link(withIntent) : withIntent;
        return new Round(effective, slots);
    }

    /// <summary>One round's view of the policies.</summary>
    internal sealed class Round
    {
        private readonly IReadOnlyList<ScalingPolicy> _effective;
        private readonly Dictionary<string, PolicySlot> _slots;

        public Round(IReadOnlyList<ScalingPolicy> effective, IReadOnlyList<PolicySlot> slots)
        {
            _effective = effective;
            _slots = slots.ToDictionary(s => s.Name, StringComparer.Ordinal);
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
