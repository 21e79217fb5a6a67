namespace PromoScaler.Backtest.Reports;

/// <summary>
/// Writes a backtest's files into a directory all or nothing: everything is written to a temporary sibling
/// directory first and moved into place only once complete, so a failure leaves the output directory untouched.
/// </summary>
public static class BacktestReportWriter
{
    public const string DecisionsFile = "decisions.csv";
    public const string ComponentsFile = "components.csv";
    public const string SummaryFile = "summary.json";
    public const string ChartFile = "backtest.png";

    /// <summary>Every file a backtest may write; a run replaces the ones it writes and removes the others.</summary>
    public static readonly IReadOnlyList<string> ReportFiles = [DecisionsFile, ComponentsFile, SummaryFile, ChartFile];

    /// <summary>Writes decisions.csv, components.csv, summary.json and, when <paramref name="chart"/> is given, backtest.png.</summary>
    /// <param name="result">What the backtest found.</param>
    /// <param name="provenance">Tool version, file hashes and flags.</param>
    /// <param name="outDirectory">Created if missing; existing files of the same names are replaced, and a report file this run does not write is removed.</param>
    /// <param name="chart">Renders the chart to the given path (null: no chart).</param>
    public static IReadOnlyList<string> Write(BacktestResult result, Provenance provenance, string outDirectory, Action<BacktestResult, string>? chart)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outDirectory);
        var full = Path.GetFullPath(outDirectory);
        var parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            WriteFiles(result, provenance, staging, chart);
            Directory.CreateDirectory(full);
            var written = new List<string>();
            foreach (var file in Directory.GetFiles(staging).Order(StringComparer.Ordinal))
            {
                var target = Path.Combine(full, Path.GetFileName(file));
                File.Move(file, target, overwrite: true);
                written.Add(target);
            }

            // All or nothing holds across runs too: a report file this run did not write (the chart of an earlier
            // run, before --no-chart) would otherwise be read as this run's.
            foreach (var stale in ReportFiles.Select(name => Path.Combine(full, name)).Except(written, StringComparer.Ordinal))
            {
                File.Delete(stale);
            }

            return written;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Writes the CSV and JSON files into <paramref name="directory"/> (used by the benchmark too).</summary>
    public static void WriteFiles(BacktestResult result, Provenance provenance, string directory, Action<BacktestResult, string>? chart)
    {
        ArgumentNullException.ThrowIfNull(result);
        using (var decisions = new StreamWriter(Path.Combine(directory, DecisionsFile)))
        {
            DecisionsCsv.Write(decisions, result.Run, result.Context, result.CapacityPerReplica);
        }

        using (var components = new StreamWriter(Path.Combine(directory, ComponentsFile)))
        {
            ComponentsCsv.Write(components, result.Run);
        }

        using (var summary = File.Create(Path.Combine(directory, SummaryFile)))
        {
            SummaryJson.Write(summary, result, provenance);
        }

        chart?.Invoke(result, Path.Combine(directory, ChartFile));
    }
}
