namespace PromoScaler.Backtest.Traces;

/// <summary>
/// A demand trace as read from its CSV (spec "Trace CSV"): ascending timestamps and one column of values per
/// metric. An empty or NaN cell is kept as <see cref="double.NaN"/> (a hole in the demand).
/// </summary>
public sealed class Trace
{
    internal Trace(string file, long[] ticks, IReadOnlyDictionary<string, double[]> columns)
    {
        File = file;
        Ticks = ticks;
        Columns = columns;
    }

    /// <summary>The file the trace was read from, for messages.</summary>
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
