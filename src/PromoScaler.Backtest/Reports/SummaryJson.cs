using System.Text.Json;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// summary.json (spec "Backtest output"): the policy's figures, C, the hpa baseline, the frontier, the comparison
/// at equal cost and provenance. Field names are stable: scripts read them. A trace from Prometheus has
/// <c>traceFile</c> and <c>traceSha256</c> null and a <c>provenance.prometheus</c> object
/// (<c>{url, start, end, stepSeconds, queries{metric: query}}</c>) instead.
/// </summary>
public static partial class SummaryJson
{
    public static void Write(Stream stream, BacktestResult result, Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(provenance);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("policy", result.Policy.Name);
        json.WriteString("demandMetric", result.Context.DemandMetric);
        json.WriteString("from", Instant.Format(result.Context.From));
        json.WriteString("to", Instant.Format(result.Context.To));
        json.WriteNumber("gridPoints", result.Context.GridDemand.Length);
        json.WriteNumber("ticks", result.Run.Ticks.Count);
        json.WriteNumber("capacityPerReplica", result.CapacityPerReplica);
        WriteScore(json, result.Score);
        json.WriteNumber("policyMaxReplicas", result.Policy.Spec.Guardrails.MaxReplicas);
        json.WriteNumber("metricDelaySeconds", result.Context.Delay.TotalSeconds);
        json.WriteNumber("metricWindowSeconds", result.Context.Window.TotalSeconds);

        json.WriteStartObject("hpa");
        json.WriteNumber("targetPerReplica", TargetOf(result));
        WriteScore(json, result.HpaScore);
        json.WriteEndObject();

        WriteSizing(json, result);

        WriteFrontier(json, result.Frontier);
        json.WriteString("frontierPosition", char.ToLowerInvariant(result.Comparison.Position.ToString()[0]) + result.Comparison.Position.ToString()[1..]);
        WriteNullable(json, "hpaOverloadedSecondsAtEqualCost", result.Comparison.HpaOverloadedSecondsAtEqualCost);
        WriteNullable(json, "ratioVsHpa", result.Comparison.RatioVsHpa);
        WriteForecastCounts(json, result);
        WriteCost(json, result);
        WriteWindows(json, result);
        WriteDataQuality(json, result.DataQuality);
        WriteNodeFloor(json, result.NodeFloor);

        WriteProvenance(json, provenance);
        json.WriteEndObject();
    }

    /// <summary>Coverage declared (calibrated sizing) against achieved, and how often the count changed against HPA.</summary>
    private static void WriteSizing(Utf8JsonWriter json, BacktestResult result)
    {
        var sizing = result.Policy.Spec.Sizing;
        json.WriteStartObject("sizing");
        json.WriteString("mode", sizing.Mode == SizingMode.Calibrated ? "calibrated" : "target");
        WriteNullable(json, "coverage", sizing.Mode == SizingMode.Calibrated ? sizing.Coverage.Fraction : null);
        json.WriteNumber("achievedCoverage", result.AchievedCoverage);
        json.WriteNumber("scaleEventsPerDay", result.EventsPerDay(result.Score));
        json.WriteNumber("hpaScaleEventsPerDay", result.EventsPerDay(result.HpaScore));
        json.WriteEndObject();
    }

    private static void WriteProvenance(Utf8JsonWriter json, Provenance provenance)
    {
        json.WriteStartObject("provenance");
        json.WriteString("toolVersion", provenance.ToolVersion);
        json.WriteString("policyFile", provenance.PolicyFile);
        json.WriteString("policySha256", provenance.PolicySha256);
        json.WriteString("traceFile", provenance.TraceFile);
        json.WriteString("traceSha256", provenance.TraceSha256);
        if (provenance.Prometheus is { } prometheus)
        {
            // A trace from range queries has no file to hash: name the server, the range and every query instead.
            json.WriteStartObject("prometheus");
            json.WriteString("url", prometheus.Url.ToString());
            json.WriteString("start", Instant.Format(prometheus.Start));
            json.WriteString("end", Instant.Format(prometheus.End));
            json.WriteNumber("stepSeconds", prometheus.Step.TotalSeconds);
            json.WriteStartObject("queries");
            foreach (var (metric, query) in prometheus.Queries)
            {
                json.WriteString(metric, query);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteStartObject("flags");
        foreach (var (name, value) in provenance.Flags)
        {
            if (value is null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteString(name, value);
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteFrontier(Utf8JsonWriter json, IReadOnlyList<FrontierPoint> frontier)
    {
        json.WriteStartArray("frontier");
        foreach (var point in frontier.OrderBy(p => p.Fraction))
        {
            json.WriteStartObject();
            json.WriteNumber("fractionOfCapacity", point.Fraction);
            json.WriteNumber("targetPerReplica", point.TargetPerReplica);
            WriteScore(json, point.Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static double TargetOf(BacktestResult result) =>
        result.Policy.Spec.Metrics.First(m => m.Name == result.Context.DemandMetric).TargetPerReplica;

    private static void WriteScore(Utf8JsonWriter json, ScoreCard score)
    {
        json.WriteNumber("overloadedSeconds", score.OverloadedSeconds);
        json.WriteNumber("overloadedDemandFraction", score.OverloadedDemandFraction);
        json.WriteNumber("replicaHours", score.ReplicaHours);
        json.WriteNumber("oracleReplicaHours", score.OracleReplicaHours);
        WriteNullable(json, "costVsOracle", score.CostVsOracle);
        json.WriteNumber("maxReplicas", score.PeakReplicas);
        json.WriteNumber("scaleEvents", score.ScaleEvents);
    }

    private static void WriteForecastCounts(Utf8JsonWriter json, BacktestResult result)
    {
        if (result.Policy.Spec.Prediction is null)
        {
            return;
        }

        json.WriteStartObject("forecastTicks");
        // Counted, not grouped: grouping would copy every tick of the run (two million over a year at 15s).
        var counts = new int[Enum.GetValues<ForecastStatus>().Max(s => (int)s) + 1];
        foreach (var tick in result.Run.Ticks)
        {
            if (tick.Forecast is { } status)
            {
                counts[(int)status]++;
            }
        }

        for (var status = 0; status < counts.Length; status++)
        {
            if (counts[status] > 0)
            {
                json.WriteNumber(CsvFormat.ForecastCode((ForecastStatus)status), counts[status]);
            }
        }

        json.WriteEndObject();
    }

    /// <summary><c>nodeFloor</c>, only for a pod policy with hostedBy: what its counts ask of the VM group that runs it.</summary>
    private static void WriteNodeFloor(Utf8JsonWriter json, NodeFloorReport? report)
    {
        if (report is null)
        {
            return;
        }

        json.WriteStartObject("nodeFloor");
        json.WriteString("hostedBy", report.Group);
        json.WriteNumber("podsPerNode", report.PodsPerNode);
        json.WriteNumber("peakNodes", report.PeakNodes);
        if (report.PeakAt is { } at)
        {
            json.WriteString("peakAt", Instant.Format(at));
        }
        else
        {
            json.WriteNull("peakAt");
        }

        json.WriteNumber("nodeHours", report.NodeHours);
        WriteNullable(json, "groupMaxReplicas", report.GroupMaxReplicas);
        WriteNullable(json, "groupStartupSeconds", report.GroupStartup?.TotalSeconds);
        json.WriteNumber("shortBy", report.ShortBy);
        json.WriteEndObject();
    }

    internal static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
