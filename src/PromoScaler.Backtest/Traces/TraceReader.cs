using System.Globalization;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Traces;

/// <summary>
/// Reads a trace CSV (spec "Trace CSV"): header <c>timestamp,&lt;metric&gt;[,...]</c>, ISO-8601 timestamps in UTC
/// (<c>Z</c>) or with an explicit offset, strictly ascending. Every problem is reported with the file, the line and
/// the reason; the first one stops the read, since the rows after a bad one cannot be trusted either.
/// </summary>
public static class TraceReader
{
    /// <summary>
    /// The largest magnitude of a value. Far above any demand, and far enough below <see cref="double.MaxValue"/>
    /// that every sum and mean the replay and the scores take over a year of rows stays finite.
    /// </summary>
    public const double MaxValue = 1e15;

    /// <summary>The earliest row time: <see cref="Instant.SupportedFrom"/>, as for policy windows.</summary>
    public static readonly DateTimeOffset FirstInstant = Instant.SupportedFrom;

    /// <summary>The latest row time: <see cref="Instant.SupportedUntil"/>.</summary>
    public static readonly DateTimeOffset LastInstant = Instant.SupportedUntil;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="TraceFormatException">The file is not a valid trace.</exception>
    public static Trace Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Core.IO.RegularFile.Problem(path) is { } problem)
        {
            throw new TraceFormatException(path, 1, problem);
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads a trace from <paramref name="reader"/>; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="TraceFormatException">The text is not a valid trace.</exception>
    public static Trace Read(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var names = ReadHeader(reader, file);
        var ticks = new List<long>();
        var values = Enumerable.Range(1, names.Length - 1).Select(_ => new List<double>()).ToArray();
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (ticks.Count == BacktestLimits.MaxTraceRows)
            {
                throw new TraceFormatException(file, lineNumber, $"more than {BacktestLimits.MaxTraceRows.ToString("N0", CultureInfo.InvariantCulture)} data rows, the limit of a trace; cut it to the range to score");
            }

            line = line.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != names.Length)
            {
                throw new TraceFormatException(file, lineNumber, $"{cells.Length} cells, the header has {names.Length}");
            }

            var at = ParseTimestamp(cells[0].Trim(), file, lineNumber);
            if (ticks.Count > 0 && at <= ticks[^1])
            {
                var previous = new DateTimeOffset(ticks[^1], TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
                throw new TraceFormatException(
                    file,
                    lineNumber,
                    at == ticks[^1] ? $"duplicate timestamp {cells[0].Trim()}" : $"timestamp {cells[0].Trim()} is before the previous row's {previous}: rows must be strictly ascending");
            }

            ticks.Add(at);
            for (var c = 1; c < cells.Length; c++)
            {
                values[c - 1].Add(ParseValue(cells[c].Trim(), names[c], file, lineNumber));
            }
        }

        if (ticks.Count < 2)
        {
            throw new TraceFormatException(file, lineNumber, $"{ticks.Count} data row(s): a trace needs at least 2");
        }

        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var c = 1; c < names.Length; c++)
        {
            columns[names[c]] = [.. values[c - 1]];
        }

        return new Trace(file, [.. ticks], columns);
    }

    /// <summary>The header's column names: <c>timestamp</c>, then one or more distinct metric names.</summary>
    private static string[] ReadHeader(TextReader reader, string file)
    {
        var header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new TraceFormatException(file, 1, "empty file: expected the header timestamp,<metric>[,<metric>...]");
        }

        var names = header.TrimEnd('\r').Split(',').Select(n => n.Trim()).ToArray();
        if (names.Length < 2 || names[0] != "timestamp")
        {
            throw new TraceFormatException(file, 1, $"header {QuotedValue.Of(header)} must be timestamp,<metric>[,<metric>...]");
        }

        for (var i = 1; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                throw new TraceFormatException(file, 1, $"column {i + 1} has no name");
            }

            if (Array.IndexOf(names, names[i], 1) != i)
            {
                throw new TraceFormatException(file, 1, $"column \"{names[i]}\" appears twice");
            }
        }

        return names;
    }

    private static long ParseTimestamp(string text, string file, int line)
    {
        // An offset is required: a bare local time would be read in the machine's zone.
        switch (Instant.Parse(text, out var at))
        {
            case ParseOutcome.Ok when at >= FirstInstant && at <= LastInstant:
                return at.UtcTicks;
            case ParseOutcome.Ok or ParseOutcome.OutOfRange:
                throw new TraceFormatException(file, line, $"timestamp {QuotedValue.Of(text)} is out of range: rows must lie in {Instant.Format(FirstInstant)}..{Instant.Format(LastInstant)}");
            default:
                throw new TraceFormatException(file, line, $"timestamp {QuotedValue.Of(text)} is not ISO-8601 with Z or an offset (e.g. 2025-11-11T00:00:00Z)");
        }
    }

    private static double ParseValue(string text, string column, string file, int line)
    {
        if (text.Length == 0 || text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN; // a hole, by the spec
        }

        switch (Number.ParseReal(text, out var value))
        {
            case ParseOutcome.Ok when Math.Abs(value) <= MaxValue:
                return value;
            case ParseOutcome.Ok or ParseOutcome.OutOfRange:
                throw new TraceFormatException(file, line, $"{column}: {QuotedValue.Of(text)} is out of range: values lie in -1e15..1e15");
            default:
                throw new TraceFormatException(file, line, $"{column}: {QuotedValue.Of(text)} is not a number; write a finite decimal number, or leave the cell empty (or NaN) for a hole");
        }
    }
}
