using System.Globalization;
using System.Text;

namespace PromoScaler.Cli.Tests.Infrastructure;

/// <summary>
/// A slice of a demand trace and the counter a scrape of it would have seen: every <see cref="ScrapeInterval"/>,
/// the exact integral of the trace's demand d(t) (linear between rows, as the spec's backtest model defines it)
/// from the first row up to that instant. <c>rate(counter[w])</c> at an instant aligned to the samples is then
/// the mean of d over the w before it, which is what a CSV backtest with that metric window reads.
/// </summary>
internal sealed class ScrapedCounter
{
    /// <summary>The scrape interval of the counter.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(15);

    private ScrapedCounter(IReadOnlyList<DateTimeOffset> rowTimes, IReadOnlyList<double> rowValues)
    {
        RowTimes = rowTimes;
        RowValues = rowValues;
    }

    /// <summary>The trace rows of the slice.</summary>
    public IReadOnlyList<DateTimeOffset> RowTimes { get; }

    /// <summary>d at each row.</summary>
    public IReadOnlyList<double> RowValues { get; }

    /// <summary>The rows of a <c>timestamp,value</c> trace CSV from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static ScrapedCounter FromTraceCsv(string path, DateTimeOffset from, DateTimeOffset to)
    {
        var times = new List<DateTimeOffset>();
        var values = new List<double>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            var at = DateTimeOffset.Parse(cells[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (at >= from && at <= to)
            {
                times.Add(at);
                values.Add(double.Parse(cells[1], CultureInfo.InvariantCulture));
            }
        }

        return new ScrapedCounter(times, values);
    }

    /// <summary>The slice as a trace CSV (header <c>timestamp,value</c>), values exactly as read.</summary>
    public string TraceCsv()
    {
        var text = new StringBuilder("timestamp,value\n");
        for (var k = 0; k < RowTimes.Count; k++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{RowTimes[k].UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{RowValues[k].ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The counter's samples, one per scrape interval from the first row to the last: the integral of d in
    /// request-seconds, i.e. the requests served so far.
    /// </summary>
    public IEnumerable<(DateTimeOffset Time, double Value)> Samples()
    {
        var integral = 0.0; // up to row k
        var k = 0;
        for (var at = RowTimes[0]; at <= RowTimes[^1]; at += ScrapeInterval)
        {
            while (k + 1 < RowTimes.Count && RowTimes[k + 1] <= at)
            {
                integral += (RowValues[k] + RowValues[k + 1]) / 2 * (RowTimes[k + 1] - RowTimes[k]).TotalSeconds;
                k++;
            }

            var into = (at - RowTimes[k]).TotalSeconds;
            var partial = 0.0;
            if (into > 0)
            {
                var span = (RowTimes[k + 1] - RowTimes[k]).TotalSeconds;
                var dAt = RowValues[k] + ((RowValues[k + 1] - RowValues[k]) * into / span);
                partial = (RowValues[k] + dAt) / 2 * into;
            }

            yield return (at, integral + partial);
        }
    }
}
