using CsCheck;
using PromoScaler.Backtest.Traces;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Traces;

/// <summary>
/// The trace reader is total: any text is read or refused with a <see cref="TraceFormatException"/> at a line of
/// at least 1, never another exception; the same for every small corruption of a valid trace.
/// </summary>
public sealed class TraceReaderPropertyTests
{
    private const string Valid = "timestamp,rps,cpu\n2025-01-01T00:00:00Z,1.5,0.2\n2025-01-01T00:01:00Z,2,\n2025-01-01T00:02:00+01:00,NaN,0.3\n2025-01-01T00:03:00Z,3e2,0.4\n";

    [Fact]
    public void Read_EveryTruncationDeletionDuplicationAndSubstitution_ReadOrRefusedAtALine()
    {
        const string substitutes = ",\n\r-+.:eETZ9x \0\t";
        for (var i = 0; i <= Valid.Length; i++)
        {
            AssertTotal(Valid[..i]);
            if (i < Valid.Length)
            {
                AssertTotal(Valid.Remove(i, 1));
                AssertTotal(Valid.Insert(i, Valid[i].ToString()));
                foreach (var c in substitutes)
                {
                    AssertTotal(string.Concat(Valid.AsSpan(0, i), c.ToString(), Valid.AsSpan(i + 1)));
                }
            }
        }
    }

    [Fact]
    public void Read_GeneratedText_ReadOrRefusedAtALine()
    {
        var cell = Gen.OneOf(
            Gen.Const("2025-01-01T00:00:00Z"), Gen.Const("0001-01-01T00:00:00Z"), Gen.Const("9999-12-31T23:59:59+14:00"),
            Gen.Const("1e308"), Gen.Const("-1e308"), Gen.Const("Infinity"), Gen.Const("NaN"), Gen.Const(""), Gen.Const("timestamp"),
            Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.String[Gen.Char, 0, 12]);
        var row = cell.Array[1, 4].Select(cells => string.Join(',', cells));
        var text = Gen.Select(row.Array[0, 30], Gen.Bool, (rows, crlf) => string.Join(crlf ? "\r\n" : "\n", rows));

        text.Sample(AssertTotal, iter: 3000);
    }

    private static void AssertTotal(string csv)
    {
        try
        {
            var trace = Parse(csv, "g.csv");
            Assert.True(trace.Count >= 2);
            Assert.All(trace.Columns.Values.SelectMany(v => v), v => Assert.True(double.IsNaN(v) || Math.Abs(v) <= TraceReader.MaxValue));
        }
        catch (TraceFormatException ex)
        {
            Assert.True(ex.Line >= 1, ex.Message);
            Assert.StartsWith($"g.csv:{ex.Line}: ", ex.Message, StringComparison.Ordinal);
        }
    }
}
