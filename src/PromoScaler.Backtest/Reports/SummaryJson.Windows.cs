using System.Text.Json;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// summary.json's <c>cost</c> (only with <c>budget.pricePerReplicaHour</c>:
/// <c>{pricePerReplicaHour, policy, hpa, hpaAtEqualOverload, oracle}</c>, each replica-hours x price, and
/// <c>hpaReplicaHoursAtEqualOverload</c>, null outside the frontier) and <c>windows</c> (one object per pre-warm and
/// freeze occurrence, fields as windows.csv's columns in camelCase, cost fields only with a price) and
/// <c>dataQuality</c> (<c>{gridPoints, gridPointsWithoutData, fractionWithoutData, holes, holesByMetric{metric: n},
/// holeList[{metric, from, to, rowGap, emptyCells}]}</c>, the list capped at <see cref="HolesListed"/>).
/// </summary>
public static partial class SummaryJson
{
    /// <summary>At most this many holes are listed (all are counted): a trace of alternate empty cells has millions.</summary>
    public const int HolesListed = 100;

    private static void WriteDataQuality(Utf8JsonWriter json, DataQuality quality)
    {
        json.WriteStartObject("dataQuality");
        json.WriteNumber("gridPoints", quality.GridPoints);
        json.WriteNumber("gridPointsWithoutData", quality.GridPointsWithoutData);
        json.WriteNumber("fractionWithoutData", quality.FractionWithoutData);
        json.WriteNumber("holes", quality.Holes.Count);
        json.WriteStartObject("holesByMetric");
        foreach (var group in quality.Holes.GroupBy(h => h.Metric))
        {
            json.WriteNumber(group.Key, group.Count());
        }

        json.WriteEndObject();
        json.WriteStartArray("holeList");
        foreach (var hole in quality.Holes.Take(HolesListed))
        {
            json.WriteStartObject();
            json.WriteString("metric", hole.Metric);
            json.WriteString("from", Instant.Format(hole.Hole.From));
            json.WriteString("to", Instant.Format(hole.Hole.To));
            json.WriteBoolean("rowGap", hole.Hole.RowGap);
            json.WriteNumber("emptyCells", hole.Hole.EmptyCells);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCost(Utf8JsonWriter json, BacktestResult result)
    {
        WriteNullable(json, "hpaReplicaHoursAtEqualOverload", result.HpaReplicaHoursAtEqualOverload);
        if (result.PricePerReplicaHour is not { } price)
        {
            return;
        }

        json.WriteStartObject("cost");
        json.WriteNumber("pricePerReplicaHour", price);
        json.WriteNumber("policy", result.Score.ReplicaHours * price);
        json.WriteNumber("hpa", result.HpaScore.ReplicaHours * price);
        WriteNullable(json, "hpaAtEqualOverload", result.HpaReplicaHoursAtEqualOverload * price);
        json.WriteNumber("oracle", result.Score.OracleReplicaHours * price);
        json.WriteEndObject();
    }

    private static void WriteWindows(Utf8JsonWriter json, BacktestResult result)
    {
        var price = result.PricePerReplicaHour;
        json.WriteStartArray("windows");
        foreach (var w in result.Windows)
        {
            json.WriteStartObject();
            json.WriteString("kind", w.Window.Kind == WindowKind.Prewarm ? "prewarm" : "freeze");
            json.WriteString("name", w.Window.Name);
            json.WriteString("start", Instant.Format(w.Window.Start));
            json.WriteString("end", Instant.Format(w.Window.End));
            WriteNullable(json, "floor", w.Floor);
            if (w.ReadyAt is { } at)
            {
                json.WriteString("readyAt", Instant.Format(at));
            }
            else
            {
                json.WriteNull("readyAt");
            }

            WriteNullable(json, "readyAfterSeconds", w.ReadyAfter?.TotalSeconds);
            json.WriteString("scoredFrom", Instant.Format(w.Window.ScoredFrom));
            json.WriteString("scoredTo", Instant.Format(w.Window.ScoredTo));
            json.WriteNumber("overloadedSeconds", w.OverloadedSeconds);
            json.WriteNumber("overloadedDemandFraction", w.OverloadedDemandFraction);
            WriteNullable(json, "peakDemand", w.PeakDemand);
            json.WriteNumber("peakCapacity", w.PeakCapacity);
            json.WriteNumber("replicaHours", w.ReplicaHours);
            json.WriteNumber("hpaReplicaHours", w.HpaReplicaHours);
            WriteNullable(json, "hpaReplicaHoursAtEqualOverload", w.HpaReplicaHoursAtEqualOverload);
            json.WriteNumber("oracleReplicaHours", w.OracleReplicaHours);
            json.WriteNumber("extraReplicaHours", w.ExtraReplicaHours);
            if (w.Learned is { } learned)
            {
                json.WriteStartObject("learned");
                WriteNullable(json, "inWindowBeta", learned.Beta);
                json.WriteNumber("inWindowRises", learned.Rises);
                json.WriteNumber("trendGrowth", learned.PeakGrowth);
                json.WriteEndObject();
            }

            if (price is { } p)
            {
                json.WriteNumber("cost", w.ReplicaHours * p);
                json.WriteNumber("hpaCost", w.HpaReplicaHours * p);
                WriteNullable(json, "hpaCostAtEqualOverload", w.HpaReplicaHoursAtEqualOverload * p);
                json.WriteNumber("oracleCost", w.OracleReplicaHours * p);
                json.WriteNumber("extraCost", w.ExtraReplicaHours * p);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
