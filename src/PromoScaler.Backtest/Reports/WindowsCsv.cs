using System.Globalization;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// windows.csv: one row per pre-warm and freeze occurrence in the range (see <see cref="WindowScore"/>). Empty cells:
/// no floor (a freeze), capacity never reached demand (<c>ready_at</c>), no demand data (<c>peak_demand</c>), no HPA
/// target overloaded as long as the policy in the window (the <c>*_at_equal_overload</c> columns), no
/// <c>budget.pricePerReplicaHour</c> (the cost columns, in the price's currency), a target-mode policy or no decision
/// inside the window (the in-window learning of calibrated sizing: beta, rises remembered, largest trend growth).
/// </summary>
public static class WindowsCsv
{
    public const string Header =
        "kind,name,start,end,floor,ready_at,ready_after_seconds,scored_from,scored_to,overloaded_seconds,overloaded_demand_fraction," +
        "peak_demand,peak_capacity,replica_hours,hpa_replica_hours,hpa_replica_hours_at_equal_overload,oracle_replica_hours,extra_replica_hours," +
        "cost,hpa_cost,hpa_cost_at_equal_overload,oracle_cost,extra_cost,in_window_beta,in_window_rises,trend_growth";

    public static void Write(TextWriter writer, IReadOnlyList<WindowScore> windows, double? pricePerReplicaHour)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(windows);
        writer.Write(Header);
        writer.Write('\n');
        foreach (var w in windows)
        {
            string?[] cells =
            [
                w.Window.Kind == WindowKind.Prewarm ? "prewarm" : "freeze",
                w.Window.Name,
                Instant.Format(w.Window.Start),
                Instant.Format(w.Window.End),
                w.Floor?.ToString(CultureInfo.InvariantCulture),
                w.ReadyAt is { } at ? Instant.Format(at) : null,
                w.ReadyAfter is { } after ? Number(after.TotalSeconds) : null,
                Instant.Format(w.Window.ScoredFrom),
                Instant.Format(w.Window.ScoredTo),
                Number(w.OverloadedSeconds),
                Number(w.OverloadedDemandFraction),
                double.IsNaN(w.PeakDemand) ? null : Number(w.PeakDemand),
                Number(w.PeakCapacity),
                Number(w.ReplicaHours),
                Number(w.HpaReplicaHours),
                w.HpaReplicaHoursAtEqualOverload is { } equal ? Number(equal) : null,
                Number(w.OracleReplicaHours),
                Number(w.ExtraReplicaHours),
                Cost(w.ReplicaHours, pricePerReplicaHour),
                Cost(w.HpaReplicaHours, pricePerReplicaHour),
                Cost(w.HpaReplicaHoursAtEqualOverload, pricePerReplicaHour),
                Cost(w.OracleReplicaHours, pricePerReplicaHour),
                Cost(w.ExtraReplicaHours, pricePerReplicaHour),
                w.Learned?.Beta is { } beta ? Number(beta) : null,
                w.Learned?.Rises.ToString(CultureInfo.InvariantCulture),
                w.Learned is { } learned ? Number(learned.PeakGrowth) : null,
            ];
            writer.Write(string.Join(',', cells.Select(Quote)));
            writer.Write('\n');
        }
    }

    private static string? Cost(double? replicaHours, double? price) => replicaHours * price is { } cost ? Number(cost) : null;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Pre-warm names are DNS-like, but a freeze name or a future field may not be: quote what CSV needs quoted.
    private static string Quote(string? cell) => cell is null ? string.Empty
        : cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
