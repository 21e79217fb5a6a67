namespace PromoScaler.Backtest.Traces;

/// <summary>
/// A demand trace (spec "Trace CSV"): ascending timestamps and one column of values per metric. An empty or NaN
/// cell is kept as <see cref="double.NaN"/> (a hole in the demand). It comes from a CSV file
/// (<see cref="TraceReader"/>) or from values already in memory, such as a Prometheus range query
/// (<see cref="FromColumns"/>); the replay cannot tell the two apart.
/// </summary>
public sealed class Trace
{
    internal Trace(string file, long[] ticks, IReadOnlyDictionary<string, double[]> columns)
    {
        File = file;
        Ticks = ticks;
        Columns = columns;
    }

    /// <summary>
    /// A trace from values in memory, checked as <see cref="TraceReader"/> checks a file: at least 2 rows, strictly
    /// ascending times, one value per row in every column. NaN marks a hole.
    /// </summary>
    /// <param name="origin">Where the values came from, for messages (e.g. the Prometheus URL).</param>
    /// <param name="times">Row times.</param>
    /// <param name="columns">Values per column name.</param>
    /// <exception cref="TraceFormatException">The rows do not make a trace (line numbers count as in a CSV: header = 1).</exception>
    public static Trace FromColumns(string origin, IReadOnlyList<DateTimeOffset> times, IReadOnlyDictionary<string, double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new TraceFormatException(origin, 1, "no column: a trace needs at least one metric");
        }

        if (times.Count < 2)
        {
            throw new TraceFormatException(origin, LineOf(Math.Max(0, times.Count - 1)), $"{times.Count} row(s): a trace needs at least 2");
        }

        var ticks = new long[times.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = times[i].UtcTicks;
            if (i > 0 && ticks[i] <= ticks[i - 1])
            {
                throw new TraceFormatException(origin, LineOf(i), $"row time {times[i]:O} is not after the previous row's: rows must be strictly ascending");
            }
        }

        var copy = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, values) in columns)
        {
            if (string.IsNullOrWhiteSpace(name) || name == "timestamp" || name.Contains(',', StringComparison.Ordinal))
            {
                throw new TraceFormatException(origin, 1, $"column name \"{name}\" cannot be a trace column");
            }

            if (values.Length != ticks.Length)
            {
                throw new TraceFormatException(origin, 1, $"column \"{name}\" has {values.Length} values for {ticks.Length} rows");
            }

            copy[name] = [.. values];
        }

        return new Trace(origin, ticks, copy);
    }

    /// <summary>The file the trace was read from (or the origin of values from memory), for messages.</summary>
    public string File { get; }

    /// <summary>Row timestamps as UTC ticks, strictly ascending.</summary>
    public IReadOnlyList<long> Ticks { get; }

    /// <summary>Values per column name (header order is not kept; names are unique).</summary>
    public IReadOnlyDictionary<string, double[]> Columns { get; }

    /// <summary>Number of data rows.</summary>
    public int Count => Ticks.Count;

    /// <summary>The first row's time.</summary>
    public DateTimeOffset First => new(Ticks[0], TimeSpan.Zero);

    /// <summary>The last row's time.</summary>
    public DateTimeOffset Last => new(Ticks[^1], TimeSpan.Zero);

    /// <summary>1-based file line of data row <paramref name="row"/> (the header is line 1).</summary>
    public static int LineOf(int row) => row + 2;
}
