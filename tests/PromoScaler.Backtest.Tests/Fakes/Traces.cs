using System.Globalization;
using System.Text;
using PromoScaler.Backtest.Traces;

namespace PromoScaler.Backtest.Tests.Fakes;

/// <summary>Builds traces in memory.</summary>
internal static class Traces
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Trace Parse(string csv, string file = "trace.csv") => TraceReader.Read(new StringReader(csv), file);

    /// <summary>A timestamp,value trace with rows every <paramref name="step"/> from <see cref="T0"/>.</summary>
    public static string Csv(TimeSpan step, IEnumerable<double> values, string column = "value")
    {
        var text = new StringBuilder($"timestamp,{column}\n");
        var i = 0;
        foreach (var v in values)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(T0 + i++ * step).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{v.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return text.ToString();
    }
}
