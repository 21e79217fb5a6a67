using PromoScaler.Core.Calendar;
using PromoScaler.Core.Engine;
using PromoScaler.Core.History;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.WebConsole.Chart;

/// <summary>Builds a policy's <see cref="ChartView"/> from the decision log, the policy's windows and the audit log.</summary>
internal static class ChartBuilder
{
    /// <summary>How far ahead the chart shows the coming windows: 48 hours.</summary>
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(48);

    /// <summary>A step between two decisions longer than this many intervals is drawn as a gap (a restart, a stall).</summary>
    public const double GapIntervals = 3;

    /// <summary>At most this many occurrences of one window (a cron every minute would otherwise flood the chart).</summary>
    private const int MaxOccurrences = 200;

    public static ChartView Build(ScalingPolicy policy, IReadOnlyList<DecisionRecord> records, PolicyIntent intent, IEnumerable<AuditEntry> audit, DateTimeOffset from, DateTimeOffset now)
    {
        var spec = policy.Spec;
        var until = now + Ahead;
        var metrics = spec.Metrics.Select(m => new ChartMetricView(m.Name, m.TargetPerReplica, m.EffectiveCapacityPerReplica)).ToList();
        var points = records.Select(r => Point(r, spec.Metrics)).ToList();
        var markers = audit
            .Where(a => a.Policy == policy.Name && a.At >= from && a.At <= now)
            .Select(a => new ChartMarkerView(a.At, a.Actor, a.Action, a.Subject, a.Reason))
            .ToList();
        return new ChartView(policy.Name, from, now, until, spec.Interval.TotalSeconds, spec.Guardrails.MinReplicas, spec.Guardrails.MaxReplicas,
            metrics, points, Windows(spec, intent, from, until), markers);
    }

    private static ChartPointView Point(DecisionRecord record, IReadOnlyList<MetricSpec> metrics)
    {
        int? ready = null;
        double? forecast = null;
        var demand = new double?[metrics.Count];
        foreach (var step in record.Explanation)
        {
            switch (step.Code)
            {
                case ReasonCode.Observed when step.Value is { } v:
                    ready = (int)v;
                    break;
                case ReasonCode.MetricValid when Index(metrics, step.Subject) is var i and >= 0:
                    demand[i] = Finite(step.Value);
                    break;
                case ReasonCode.ForecastUsed:
                    forecast = Finite(step.Value);
                    break;
            }
        }

        var c = record.Components;
        return new ChartPointView(record.At, record.Current, record.Desired, ready, c.Predictive, c.Floor, record.Reason.ToCode(),
            record.Action == DecisionAction.Scale, demand, forecast);
    }

    private static List<ChartWindowView> Windows(PolicySpec spec, PolicyIntent intent, DateTimeOffset from, DateTimeOffset until)
    {
        var windows = new List<ChartWindowView>();
        foreach (var window in spec.Prewarm)
        {
            windows.AddRange(WindowCalendar.PrewarmsBetween(window, from, until).Take(MaxOccurrences)
                .Select(o => new ChartWindowView("prewarm", window.Name, o.ActiveFrom, o.ActiveUntil, o.Start, window.Replicas, false)));
        }

        foreach (var prewarm in intent.Prewarms)
        {
            var o = prewarm.Occurrence;
            if (o.ActiveFrom < until && o.ActiveUntil > from)
            {
                windows.Add(new ChartWindowView("prewarm", prewarm.Name, o.ActiveFrom, o.ActiveUntil, o.Start, prewarm.Replicas, true));
            }
        }

        foreach (var freeze in spec.Guardrails.Freeze)
        {
            windows.AddRange(WindowCalendar.NextFreezes(freeze, from, MaxOccurrences)
                .TakeWhile(o => o.From < until)
                .Select(o => new ChartWindowView("freeze", null, o.From, o.Until, null, null, false)));
        }

        return [.. windows.OrderBy(w => w.From)];
    }

    private static int Index(IReadOnlyList<MetricSpec> metrics, string? name)
    {
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    // JSON has no NaN or infinity.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
