using System.Globalization;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Preflight;

/// <summary>
/// For every pre-warm occurrence active in [from, to): can the target reach the floor? The floor is held to
/// maxReplicas (absolute, spec "Decision order" step 8) and to a VM group's MaxSize (the group clips the desired
/// capacity); both are blocks. The budget is reported, not a block: it never cuts an active pre-warm
/// (reason <c>budgetExceededByFloor</c>). A multiplier window's floor depends on the baseline at start - lead and
/// is listed unchecked.
/// </summary>
internal static class PrewarmReach
{
    public static IReadOnlyList<PreflightFinding> Check(
        IEnumerable<ScalingPolicy> policies, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<string, GroupLimit> groups)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(groups);
        var findings = new List<PreflightFinding>();
        foreach (var policy in policies)
        {
            foreach (var window in policy.Spec.Prewarm)
            {
                foreach (var occurrence in WindowCalendar.PrewarmsBetween(window, from, to))
                {
                    findings.Add(Assess(policy, occurrence, groups.GetValueOrDefault(policy.Name)));
                }
            }
        }

        return [.. findings.OrderBy(f => f.ActiveFrom).ThenBy(f => f.Policy, StringComparer.Ordinal)];
    }

    private static PreflightFinding Assess(ScalingPolicy policy, PrewarmOccurrence occurrence, GroupLimit? group)
    {
        var guardrails = policy.Spec.Guardrails;
        var notes = new List<string>();
        var blocks = new List<PreflightBlock>();
        int? floor = occurrence.Window.Replicas;
        if (floor is not { } f)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture, $"floor is {occurrence.Window.Multiplier} x the baseline at start - lead: not known before then"));
        }
        else
        {
            if (f > guardrails.MaxReplicas)
            {
                blocks.Add(new PreflightBlock("maxReplicas", guardrails.MaxReplicas, f - guardrails.MaxReplicas));
            }

            if (group?.MaxSize is { } maxSize && f > maxSize)
            {
                blocks.Add(new PreflightBlock("group MaxSize", maxSize, f - maxSize));
            }

            if (guardrails.Budget is { } budget)
            {
                var affordable = (int)Math.Floor(budget.MaxPerHour / budget.PricePerReplicaHour);
                if (f > affordable)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"floor exceeds the budget's {affordable} replicas by {f - affordable} (allowed: a pre-warm is never cut by the budget)"));
                }
            }
        }

        if (group?.Problem is { } problem)
        {
            notes.Add($"group MaxSize not checked: {problem}");
        }

        var reachable = floor is { } full ? blocks.Aggregate(full, (n, b) => Math.Min(n, b.Value)) : (int?)null;
        return new PreflightFinding(
            policy.Name, policy.Spec.Target.ToString(), occurrence.Window.Name, occurrence.Start, occurrence.ActiveFrom, floor, reachable, blocks, notes);
    }
}
