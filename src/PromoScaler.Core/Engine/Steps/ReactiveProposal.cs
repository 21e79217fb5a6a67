using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 2 (spec "Decision order"; "Missing and invalid data"): one proposal per valid metric by HPA's AverageValue
/// rule, the largest wins; with no valid metric, hold or move toward <c>fallbackReplicas</c>. An HPA target has no
/// reactive part (the HPA does it): its floor starts from minReplicas.
/// </summary>
/// <remarks>The seam for other ways of sizing from the current reading: replace <see cref="Propose"/>'s per-metric rule.</remarks>
internal static class ReactiveProposal
{
    public static void Propose(ref DecisionContext c)
    {
        var g = c.Guardrails;
        if (c.HpaFloor)
        {
            c.Raise(g.MinReplicas, ReasonCode.MinReplicas);
            return;
        }

        var metrics = c.Spec.Metrics;
        var current = c.Current;
        for (var i = 0; i < metrics.Count; i++)
        {
            var value = c.Values[i];
            if (double.IsNaN(value))
            {
                continue;
            }

            var proposal = AverageValueRule.Proposal(value, metrics[i].TargetPerReplica, current, g.Tolerance, out var ratio);
            var code = proposal == current && ratio is not null ? ReasonCode.WithinTolerance : ReasonCode.ReactiveProposal;
            c.Steps.Add(DecisionStage.Reactive, code, metrics[i].Name, value, current, proposal, ratio);
            if (c.Reactive is null || proposal > c.Reactive)
            {
                c.Reactive = proposal;
                c.Raise(proposal, code);
            }
        }

        if (c.ValidCount == 0)
        {
            NoValidMetric(ref c);
        }
    }

    private static void NoValidMetric(ref DecisionContext c)
    {
        var g = c.Guardrails;
        var current = c.Current;
        c.Steps.Add(DecisionStage.Reactive, ReasonCode.NoValidMetrics, before: current);
        if (g.OnMissingMetrics == MissingMetricsAction.ScaleUp)
        {
            // Toward fallbackReplicas through the guardrails (scale-up step policies); never lower.
            var fallback = Math.Max(current, g.FallbackReplicas.GetValueOrDefault(current));
            c.Steps.Add(DecisionStage.Reactive, ReasonCode.FallbackScaleUp, before: current, after: fallback, limit: g.FallbackReplicas);
            c.Raise(fallback, ReasonCode.FallbackScaleUp);
        }
        else
        {
            c.Steps.Add(DecisionStage.Reactive, ReasonCode.HoldOnMissingMetrics, before: current, after: current);
            c.Raise(current, ReasonCode.HoldOnMissingMetrics);
        }
    }
}
