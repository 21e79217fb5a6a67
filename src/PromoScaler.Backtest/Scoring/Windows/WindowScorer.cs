using PromoScaler.Backtest.Replay;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Scoring.Windows;

/// <summary>
/// Scores every announced window of a run (see <see cref="WindowScore"/>) from the per-grid-point counts of the
/// policy, the hpa baseline and, per window entry, the same policy replayed without that entry, and from the HPA
/// frontier's figures over each window's span.
/// </summary>
internal static class WindowScorer
{
    private const double GridHours = 15.0 / 3600.0;

    /// <param name="context">The shared grid and demand.</param>
    /// <param name="capacityPerReplica">C.</param>
    /// <param name="run">The policy's run (per-point counts recorded).</param>
    /// <param name="hpa">The hpa baseline's run (per-point counts recorded).</param>
    /// <param name="occurrences">The windows to score.</param>
    /// <param name="requestedWithout">Requested counts per grid point of the policy without a window's entry.</param>
    /// <param name="maxReplicas">Floors are clamped to it, as the engine clamps them.</param>
    /// <param name="frontier">
    /// The HPA frontier, each point with its figures over <see cref="Stretches"/> of <paramref name="occurrences"/>;
    /// empty when the frontier was not run.
    /// </param>
    public static IReadOnlyList<WindowScore> Score(
        ReplayContext context,
        double capacityPerReplica,
        ReplayRun run,
        ReplayRun hpa,
        IReadOnlyList<WindowOccurrence> occurrences,
        Func<WindowOccurrence, int[]> requestedWithout,
        int maxReplicas,
        IReadOnlyList<FrontierPoint> frontier)
    {
        var scores = new List<WindowScore>(occurrences.Count);
        var stretches = Stretches(context, occurrences);
        for (var k = 0; k < occurrences.Count; k++)
        {
            var window = occurrences[k];
            var (from, to) = stretches[k];
            int overloaded = 0;
            double unserved = 0, total = 0, peakDemand = double.NaN, peakCapacity = 0;
            long requested = 0, hpaRequested = 0;
            var oracle = Scorer.OracleReplicaHours(context.GridDemand[from..to], capacityPerReplica);
            for (var i = from; i < to; i++)
            {
                requested += run.Requested[i];
                hpaRequested += hpa.Requested[i];
                var capacity = run.Ready[i] * capacityPerReplica;
                peakCapacity = Math.Max(peakCapacity, capacity);
                var d = context.GridDemand[i];
                if (double.IsNaN(d))
                {
                    continue;
                }

                peakDemand = double.IsNaN(peakDemand) ? d : Math.Max(peakDemand, d);
                total += Math.Max(0, d);
                if (d > capacity)
                {
                    overloaded++;
                    unserved += d - capacity;
                }
            }

            scores.Add(new WindowScore(
                window,
                FloorOf(window, context, run, maxReplicas),
                ReadyAt(window, context, run, capacityPerReplica),
                15.0 * overloaded,
                total > 0 ? unserved / total : 0,
                peakDemand,
                peakCapacity,
                requested * GridHours,
                hpaRequested * GridHours,
                oracle,
                ExtraReplicaHours(window, occurrences, context, run, requestedWithout(window)),
                frontier.Count == 0 ? null : EqualOverload.HpaReplicaHours(15.0 * overloaded, frontier.Select(p => p.Windows[k])))
            {
                Learned = LearnedIn(window, run.Learned),
            });
        }

        return scores;
    }

    /// <summary>What calibrated sizing knew at the last tick of <paramref name="window"/>'s scored span, and its largest growth there.</summary>
    private static WindowLearned? LearnedIn(WindowOccurrence window, IReadOnlyList<WindowLearningPoint> learned)
    {
        WindowLearningPoint? last = null;
        var growth = 0.0;
        foreach (var p in learned)
        {
            if (p.At >= window.ScoredFrom && p.At <= window.ScoredTo && string.Equals(p.Window, window.Name, StringComparison.Ordinal))
            {
                last = p;
                growth = Math.Max(growth, p.Growth);
            }
        }

        return last is { } l ? new WindowLearned(l.Beta, l.Rises, growth) : null;
    }

    /// <summary>The grid points each occurrence is scored on, [ScoredFrom, ScoredTo], in the order given.</summary>
    public static IReadOnlyList<GridStretch> Stretches(ReplayContext context, IReadOnlyList<WindowOccurrence> occurrences) =>
        [.. occurrences.Select(w =>
        {
            var from = context.GridIndexAtOrAfter(w.ScoredFrom);
            return new GridStretch(from, Math.Max(from, context.GridIndexAfter(w.ScoredTo)));
        })];

    private static int? FloorOf(WindowOccurrence window, ReplayContext context, ReplayRun run, int maxReplicas)
    {
        if (window.Prewarm is not { } prewarm)
        {
            return null;
        }

        if (prewarm.Replicas is { } replicas)
        {
            return Math.Min(replicas, maxReplicas);
        }

        // The engine's baseline is `current` at the first evaluation at or after start - lead: the count in force
        // at the grid point just before it.
        var before = context.GridIndexAtOrAfter(window.ActiveFrom) - 1;
        if (before < 0 || prewarm.Multiplier is not { } multiplier)
        {
            return null;
        }

        return Math.Min((int)Math.Ceiling(multiplier * run.Requested[before]), maxReplicas);
    }

    private static DateTimeOffset? ReadyAt(WindowOccurrence window, ReplayContext context, ReplayRun run, double capacityPerReplica)
    {
        var end = context.GridIndexAtOrAfter(window.End);
        for (var i = context.GridIndexAtOrAfter(window.Start); i < end; i++)
        {
            var d = context.GridDemand[i];
            if (!double.IsNaN(d) && run.Ready[i] * capacityPerReplica >= d)
            {
                return context.GridTime(i);
            }
        }

        return null;
    }

    /// <summary>
    /// The policy's replica-hours less the counterfactual's over this occurrence's share of the difference: from its
    /// start - lead (the range's start for the entry's first occurrence, since the runs agree until then) until the
    /// entry's next occurrence acts (the range's end for the last), so the shares add up to the whole difference.
    /// </summary>
    private static double ExtraReplicaHours(
        WindowOccurrence window,
        IReadOnlyList<WindowOccurrence> occurrences,
        ReplayContext context,
        ReplayRun run,
        int[] without)
    {
        var siblings = occurrences.Where(o => o.Kind == window.Kind && o.Entry == window.Entry).OrderBy(o => o.ActiveFrom).ToList();
        var k = siblings.IndexOf(window);
        var from = k == 0 ? 0 : context.GridIndexAtOrAfter(window.ActiveFrom);
        var to = k + 1 < siblings.Count ? context.GridIndexAtOrAfter(siblings[k + 1].ActiveFrom) : context.GridDemand.Length;
        long extra = 0;
        for (var i = from; i < to; i++)
        {
            extra += run.Requested[i] - without[i];
        }

        return extra * GridHours;
    }

    /// <summary>The policy without the entry <paramref name="window"/> belongs to (all of that entry's occurrences).</summary>
    public static ScalingPolicy Without(ScalingPolicy policy, WindowOccurrence window)
    {
        var spec = policy.Spec;
        return window.Kind == WindowKind.Prewarm
            ? policy with { Spec = spec with { Prewarm = [.. spec.Prewarm.Where((_, i) => i != window.Entry)] } }
            : policy with { Spec = spec with { Guardrails = spec.Guardrails with { Freeze = [.. spec.Guardrails.Freeze.Where((_, i) => i != window.Entry)] } } };
    }
}
