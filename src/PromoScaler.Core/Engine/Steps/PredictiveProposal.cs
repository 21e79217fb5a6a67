using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 3 (spec "Decision order"; "Prediction"): the forecast turned into a count by the AverageValue rule, or the
/// reason it is ignored: a calibrated policy's lead shorter than the forecast's step, its input metric invalid, not
/// ready, untrusted, not earned by its decisions (the gate's verdict), not a usable number, or within tolerance.
/// </summary>
internal static class PredictiveProposal
{
    public static void Propose(ref DecisionContext c)
    {
        c.Predictive = Proposal(ref c);
        if (c.Predictive is { } predicted)
        {
            c.Raise(predicted, ReasonCode.ForecastUsed);
        }
    }

    // Long on purpose: the forecast's gates in the spec's order, each ending the proposal with its reason; split, the order would not read at a glance.
    private static int? Proposal(ref DecisionContext c)
    {
        var spec = c.Spec;
        if (spec.Prediction is not { Model: not ForecastModelKind.None } prediction)
        {
            return null;
        }

        var index = MetricIndex(spec.Metrics, prediction.Metric);
        if (index < 0)
        {
            return null;
        }

        var metric = spec.Metrics[index];
        var forecast = c.Input.Forecast;
        var model = forecast?.Model;
        if (spec.Sizing.Mode == SizingMode.Calibrated && spec.Startup < prediction.Step)
        {
            // The calibrated margin already covers the rises over the lead; a forecast at `step` resolution knows
            // nothing finer than one step, so it serves only where capacity takes at least a step to start.
            c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastShortLead, model ?? metric.Name, spec.Startup.TotalSeconds, limit: prediction.Step.TotalSeconds);
            return null;
        }

        if (double.IsNaN(c.Values[index]) || forecast?.Status == ForecastStatus.InputInvalid)
        {
            c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastInputInvalid, model ?? metric.Name);
            return null;
        }

        if (forecast is null || forecast.Status == ForecastStatus.NotReady)
        {
            c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastNotReady, model);
            return null;
        }

        var maxError = prediction.Trust.MaxError.Fraction;
        if (forecast.Status == ForecastStatus.Untrusted || forecast.RecentError > maxError)
        {
            c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastUntrusted, model, forecast.RecentError, limit: maxError);
            return null;
        }

        if (prediction.Trust.Gate == TrustGate.Decisions && c.Input.ForecastVerdict is { } verdict)
        {
            var code = verdict.Earned ? ReasonCode.ForecastEarned : ReasonCode.ForecastNotEarned;
            c.Steps.Add(DecisionStage.Predictive, code, model, verdict.Avoided, after: verdict.Decisions, limit: verdict.EvenSpreadAvoided);
            if (!verdict.Earned)
            {
                return null;
            }
        }

        if (forecast.Value is not { } value || !double.IsFinite(value) || value < 0)
        {
            c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastInvalid, model, forecast.Value);
            return null;
        }

        var current = c.Current;
        var proposal = AverageValueRule.Proposal(value, metric.TargetPerReplica, current, spec.Guardrails.Tolerance, out var ratio);
        if (proposal == current && ratio is not null)
        {
            c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastWithinTolerance, model, value, current, current, ratio);
            return null;
        }

        c.Steps.Add(DecisionStage.Predictive, ReasonCode.ForecastUsed, model, value, current, proposal, forecast.RecentError);
        return proposal;
    }

    /// <summary>The prediction metric's index; no name means the first metric; -1 when the policy has no such metric.</summary>
    private static int MetricIndex(IReadOnlyList<MetricSpec> metrics, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return metrics.Count > 0 ? 0 : -1;
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            if (string.Equals(metrics[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
