using System.Globalization;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Policies.Validation;

/// <summary>
/// The spec's warnings ("Loading rules"): shown, exit code unchanged unless strict. They run on valid policies only
/// and take the evaluation instant from the caller, because the core has no clock.
/// </summary>
internal static class PolicyWarningRules
{
    /// <summary>How many upcoming occurrences of a recurring pre-warm are checked against the freeze windows.</summary>
    private const int OccurrencesChecked = 3;

    // Long on purpose: a flat list of independent warning rules, one short block each, in the order of the policy's fields.
    public static IEnumerable<PolicyDiagnostic> Check(PolicyDocument document, DateTimeOffset now)
    {
        var policy = document.Policy ?? throw new ArgumentException("warnings need a valid policy", nameof(document));
        var spec = policy.Spec;
        var guardrails = spec.Guardrails;
        var list = new List<PolicyDiagnostic>();
        void Warn(string path, string message) =>
            list.Add(new PolicyDiagnostic(DiagnosticSeverity.Warning, document.LocationOf(path), path, message));

        for (var i = 0; i < spec.Prewarm.Count; i++)
        {
            var window = spec.Prewarm[i];
            var path = $"spec.prewarm[{i}]";

            // Capacity asked for at start - lead serves from start - lead + startup, and the first tick may come
            // one interval late: a shorter lead means the floor is not serving when the sale starts.
            var needed = spec.Startup + spec.Interval;
            if (window.Lead < needed)
            {
                Warn($"{path}.lead", $"{Duration.Format(window.Lead)} is shorter than startup + interval ({Duration.Format(needed)}); the floor may not be serving at the start");
            }

            if (window.Replicas is { } replicas)
            {
                if (replicas > guardrails.MaxReplicas)
                {
                    Warn($"{path}.replicas", $"{replicas} is above maxReplicas ({guardrails.MaxReplicas}); the floor is clamped to {guardrails.MaxReplicas}");
                }

                if (guardrails.Budget is { } budget && replicas > budget.MaxAffordableReplicas)
                {
                    Warn($"{path}.replicas", $"{replicas} is above what the budget allows ({budget.MaxAffordableReplicas} replicas); the pre-warm wins over the budget");
                }
            }

            if (window.Start is { } start && start + window.Hold + window.RampDown <= now)
            {
                Warn($"{path}.start", $"this one-off window ended at {Utc(start + window.Hold + window.RampDown)}");
            }

            if (window.RampDown > TimeSpan.Zero)
            {
                CheckRampDownAgainstFreezes(window, path, guardrails.Freeze, now, Warn);
            }
        }

        for (var j = 0; j < guardrails.Freeze.Count; j++)
        {
            if (guardrails.Freeze[j] is { Cron: null, End: { } end } && end <= now)
            {
                Warn($"spec.guardrails.freeze[{j}].end", $"this one-off window ended at {Utc(end)}");
            }
        }

        if (spec.Prediction is { Model: not ForecastModelKind.None } prediction && prediction.History < prediction.Season * 2)
        {
            Warn("spec.prediction.history", $"{Duration.Format(prediction.History)} is less than 2 x season ({Duration.Format(prediction.Season * 2)}); the seasonal fit is weak");
        }

        if (guardrails.MaxStaleness < spec.Interval * 2)
        {
            Warn("spec.guardrails.maxStaleness", $"{Duration.Format(guardrails.MaxStaleness)} is less than 2 x interval ({Duration.Format(spec.Interval * 2)}); one late scrape makes the metric stale");
        }

        return list;
    }

    /// <summary>A freeze forbids scale-down, so a ramp-down inside one does nothing until the freeze ends.</summary>
    private static void CheckRampDownAgainstFreezes(
        PrewarmWindow window, string path, IReadOnlyList<FreezeWindow> freezes, DateTimeOffset now, Action<string, string> warn)
    {
        for (var j = 0; j < freezes.Count; j++)
        {
            foreach (var occurrence in WindowCalendar.NextPrewarms(window, now, OccurrencesChecked))
            {
                var rampFrom = occurrence.HoldEnd;
                var rampUntil = occurrence.ActiveUntil;
                var overlapping = WindowCalendar.NextFreezes(freezes[j], rampFrom, 1)
                    .Any(freeze => freeze.From < rampUntil && freeze.Until > rampFrom);
                if (overlapping)
                {
                    warn($"{path}.rampDown", $"the ramp-down from {Utc(rampFrom)} overlaps spec.guardrails.freeze[{j}]; no scale-down happens while frozen");
                    break;
                }
            }
        }
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
