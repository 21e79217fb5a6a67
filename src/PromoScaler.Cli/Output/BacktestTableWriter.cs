using System.Globalization;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Core.Policies;
using Spectre.Console;

namespace PromoScaler.Cli.Output;

/// <summary>The console table of <c>promoscaler backtest</c>: policy vs hpa vs oracle.</summary>
internal static class BacktestTableWriter
{
    public static void Write(BacktestResult result, IReadOnlyList<string> files, IAnsiConsole console)
    {
        var policy = result.Score;
        var hpa = result.HpaScore;
        // The heading is a line of its own: as the table's title it would wrap at the table's narrow width.
        console.MarkupLine($"[bold]{Markup.Escape(result.Policy.Name)}[/] on {Markup.Escape(result.Context.DemandMetric)}, {Instant.Format(result.Context.From)} to {Instant.Format(result.Context.To)}, C = {Significant(result.CapacityPerReplica)}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("")
            .AddColumn(new TableColumn("policy").RightAligned())
            .AddColumn(new TableColumn("hpa").RightAligned())
            .AddColumn(new TableColumn("oracle").RightAligned());
        table.AddRow("overloaded seconds", Number(policy.OverloadedSeconds), Number(hpa.OverloadedSeconds), "0");
        table.AddRow("overloaded demand fraction", Percent(policy.OverloadedDemandFraction), Percent(hpa.OverloadedDemandFraction), Percent(0));
        table.AddRow("replica-hours", Number(policy.ReplicaHours), Number(hpa.ReplicaHours), Number(policy.OracleReplicaHours));
        table.AddRow("cost vs oracle", Ratio(policy.CostVsOracle), Ratio(hpa.CostVsOracle), "1.00x");
        table.AddRow("HPA overload at equal cost", EqualCost(result.Comparison), "", "");
        table.AddRow("peak replicas", Number(policy.PeakReplicas), Number(hpa.PeakReplicas), "");
        table.AddRow("scale events", Number(policy.ScaleEvents), Number(hpa.ScaleEvents), "");
        table.AddRow("scale events per day", Number(result.EventsPerDay(policy)), Number(result.EventsPerDay(hpa)), "");
        var sizing = result.Policy.Spec.Sizing;
        var declared = sizing.Mode == SizingMode.Calibrated ? $"declared {sizing.Coverage}, " : "";
        table.AddRow("coverage (time demand fit)", declared + "achieved " + Percent(result.AchievedCoverage), "", "");
        table.AddRow("HPA replica-h at equal overload", Optional(result.HpaReplicaHoursAtEqualOverload), "", "");
        if (result.PricePerReplicaHour is { } price)
        {
            table.AddRow($"cost at {Number(price)} per replica-h", Number(policy.ReplicaHours * price), Number(hpa.ReplicaHours * price), Number(policy.OracleReplicaHours * price));
            table.AddRow("HPA cost at equal overload", Optional(result.HpaReplicaHoursAtEqualOverload * price), "", "");
        }

        console.Write(table);

        var comparison = result.Comparison;
        console.MarkupLine(comparison.Position switch
        {
            FrontierPosition.Inside when comparison.RatioVsHpa is { } ratio =>
                $"ratio vs HPA at equal cost: [bold]{ratio.ToString("0.###", CultureInfo.InvariantCulture)}[/] (below 1 is better than HPA)",
            FrontierPosition.Inside => "ratio vs HPA: HPA is never overloaded at this cost, the policy is",
            FrontierPosition.BelowFrontier => "ratio vs HPA: no comparison, the policy is cheaper than every HPA frontier point",
            _ => "ratio vs HPA: no comparison, the policy costs more than every HPA frontier point",
        });
        if (result.NodeFloor is { } nodes)
        {
            console.MarkupLine(NodeFloorLine(nodes));
        }

        BacktestWindowsTableWriter.Write(result, console);
        foreach (var file in files)
        {
            console.MarkupLine($"wrote [blue]{Markup.Escape(file)}[/]");
        }
    }

    /// <summary>What the pods' counts ask of the VM group that runs them, and whether its maxReplicas suffices.</summary>
    private static string NodeFloorLine(NodeFloorReport nodes)
    {
        var peak = nodes.PeakAt is { } at ? $" at {Instant.Format(at)}" : "";
        var line = $"node floor on VM group policy [bold]{Markup.Escape(nodes.Group)}[/] ({nodes.PodsPerNode} pods per node): peak [bold]{Number(nodes.PeakNodes)}[/] nodes{peak}, {Number(nodes.NodeHours)} node-hours";
        return nodes.GroupMaxReplicas switch
        {
            null => line + " (group policy not loaded: its maxReplicas is not checked)",
            _ when nodes.ShortBy > 0 => line + $"; [red]the group's maxReplicas {Number(nodes.GroupMaxReplicas.Value)} is short by {Number(nodes.ShortBy)}[/]",
            _ => line + $"; within the group's maxReplicas {Number(nodes.GroupMaxReplicas.Value)}",
        };
    }

    private static string EqualCost(FrontierComparison comparison) => comparison.HpaOverloadedSecondsAtEqualCost is { } seconds
        ? Number(seconds)
        : comparison.Position == FrontierPosition.BelowFrontier ? "outside frontier (cheaper)" : "outside frontier (dearer)";

    private static string Optional(double? value) => value is { } v ? Number(v) : "outside frontier";

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    // C can be any magnitude (0.000389 orders/s per replica): four significant digits, never a rounded-away 0.
    private static string Significant(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("0.###%", CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";
}
