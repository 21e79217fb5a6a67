using System.Globalization;

namespace PromoScaler.Backtest.Traces;

/// <summary>
/// Writes a trace as the spec's "Trace CSV", so <see cref="TraceReader"/> reads back exactly the same trace:
/// UTC timestamps with their fractional seconds, values round-trip exact, a hole (NaN) as an empty cell.
/// </summary>
public static class TraceWriter
{
    /// <summary>Writes <paramref name="trace"/> with the columns in the order of <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentException">A column is not in the trace.</exception>
    public static void Write(TextWriter writer, Trace trace, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(columns);
        var values = columns.Select(c => trace.Columns.TryGetValue(c, out var v) ? v : throw new ArgumentException($"the trace has no column \"{c}\"", nameof(columns))).ToArray();
        writer.Write("timestamp");
        foreach (var column in columns)
        {
            writer.Write(',');
            writer.Write(column);
        }

        writer.Write('\n');
        for (var row = 0; row < trace.Count; row++)
        {
            writer.Write(new DateTime(trace.Ticks[row], DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));
            foreach (var column in values)
            {
                writer.Write(',');
                if (!double.IsNaN(column[row]))
                {
                    writer.Write(column[row].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            writer.Write('\n');
        }
    }
}
