using PromoScaler.Backtest.Traces;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Traces;

public class TraceWriterTests
{
    [Fact]
    public void Write_TraceFromColumns_ReadsBackTheSameRowsValuesAndHoles()
    {
        DateTimeOffset[] times = [T0, T0 + TimeSpan.FromSeconds(15.25), T0 + TimeSpan.FromSeconds(30)];
        var columns = new Dictionary<string, double[]>
        {
            ["rps"] = [0.1 + 0.2, double.NaN, 1e-17],
            ["cpu"] = [1.0 / 3, 2.5, -0.0],
        };
        var trace = Trace.FromColumns("memory", times, columns);
        var text = new StringWriter();

        TraceWriter.Write(text, trace, ["rps", "cpu"]);
        var back = Parse(text.ToString());

        Assert.StartsWith("timestamp,rps,cpu\n2025-01-01T00:00:00Z,0.30000000000000004,", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(trace.Ticks, back.Ticks);
        foreach (var name in columns.Keys)
        {
            Assert.Equal(columns[name].Select(BitConverter.DoubleToInt64Bits), back.Columns[name].Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void FromColumns_ValuesChangedAfterwards_TraceKeepsItsOwnCopy()
    {
        double[] values = [1, 2];
        var trace = Trace.FromColumns("memory", [T0, T0 + TimeSpan.FromMinutes(1)], new Dictionary<string, double[]> { ["rps"] = values });

        values[0] = 99;

        Assert.Equal(1, trace.Columns["rps"][0]);
    }

    [Theory]
    [InlineData(1, 2, "1 row(s): a trace needs at least 2")]
    [InlineData(3, 4, "not after the previous row's")]
    [InlineData(2, 1, "has 1 values for 2 rows")]
    public void FromColumns_NotATrace_RejectedNamingTheOrigin(int rows, int valuesOrOrder, string reason)
    {
        var times = Enumerable.Range(0, rows).Select(i => T0 + TimeSpan.FromMinutes(rows == 3 ? (i == 2 ? 1 : i) : i)).ToArray();
        var values = Enumerable.Repeat(1.0, rows == 3 ? 3 : valuesOrOrder).ToArray();

        var error = Assert.Throws<TraceFormatException>(() =>
            Trace.FromColumns("Prometheus http://127.0.0.1:9/", times, new Dictionary<string, double[]> { ["rps"] = values }));

        Assert.Equal("Prometheus http://127.0.0.1:9/", error.File);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
