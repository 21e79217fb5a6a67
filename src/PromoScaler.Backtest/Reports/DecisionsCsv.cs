using System.Globalization;
using PromoScaler.Backtest.Replay;
using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// decisions.csv (spec "Backtest output"): one row per 15s scoring grid point,
/// <c>timestamp,desired_replicas,ready_replicas,demand,capacity,reason</c>. Numbers are written round-trip
/// exactly, so every summary figure can be recomputed from this file; an undefined demand is an empty cell.
/// </summary>
public static class DecisionsCsv
{
    public const string Header = "timestamp,desired_replicas,ready_replicas,demand,capacity,reason";

    public static void Write(TextWriter writer, ReplayRun run, ReplayContext context, double capacityPerReplica)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        writer.Write(Header);
        writer.Write('\n');
        Span<char> buffer = stackalloc char[64];
        for (var i = 0; i < context.GridDemand.Length; i++)
        {
            CsvFormat.WriteTimestamp(writer, context.GridTime(i), buffer);
            writer.Write(',');
            CsvFormat.WriteInt(writer, run.Requested[i], buffer);
            writer.Write(',');
            CsvFormat.WriteInt(writer, run.Ready[i], buffer);
            writer.Write(',');
            var demand = context.GridDemand[i];
            if (!double.IsNaN(demand))
            {
                CsvFormat.WriteDouble(writer, demand, buffer);
            }

            writer.Write(',');
            CsvFormat.WriteDouble(writer, run.Ready[i] * capacityPerReplica, buffer);
            writer.Write(',');
            writer.Write(run.ReasonAt(i).ToCode());
            writer.Write('\n');
        }
    }
}

/// <summary>components.csv: per tick, what each part of the decision proposed and what was decided.</summary>
public static class ComponentsCsv
{
    public const string Header = "timestamp,reactive,predictive,floor,raw,final,reason,forecast";

    public static void Write(TextWriter writer, ReplayRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        writer.Write(Header);
        writer.Write('\n');
        Span<char> buffer = stackalloc char[64];
        foreach (var tick in run.Ticks)
        {
            CsvFormat.WriteTimestamp(writer, tick.At, buffer);
            writer.Write(',');
            WriteOptional(writer, tick.Components.Reactive, buffer);
            writer.Write(',');
            WriteOptional(writer, tick.Components.Predictive, buffer);
            writer.Write(',');
            WriteOptional(writer, tick.Components.Floor, buffer);
            writer.Write(',');
            CsvFormat.WriteInt(writer, tick.Components.Raw, buffer);
            writer.Write(',');
            CsvFormat.WriteInt(writer, tick.Final, buffer);
            writer.Write(',');
            writer.Write(tick.Reason.ToCode());
            writer.Write(',');
            if (tick.Forecast is { } status)
            {
                writer.Write(CsvFormat.ForecastCode(status));
            }

            writer.Write('\n');
        }
    }

    private static void WriteOptional(TextWriter writer, int? value, Span<char> buffer)
    {
        if (value is { } v)
        {
            CsvFormat.WriteInt(writer, v, buffer);
        }
    }
}

/// <summary>Allocation-free invariant formatting for the large CSV files.</summary>
internal static class CsvFormat
{
    public static void WriteTimestamp(TextWriter writer, DateTimeOffset t, Span<char> buffer)
    {
        t.UtcDateTime.TryFormat(buffer, out var n, "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
    }

    public static void WriteInt(TextWriter writer, int value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
    }

    public static void WriteDouble(TextWriter writer, double value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var n, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..n]);
    }

    public static string ForecastCode(ForecastStatus status) => status switch
    {
        ForecastStatus.Ready => "ready",
        ForecastStatus.NotReady => "notReady",
        ForecastStatus.Untrusted => "untrusted",
        _ => "inputInvalid",
    };
}
