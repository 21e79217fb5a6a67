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

    public static TheoryData<DateTimeOffset[], double[], string> NotATrace => new()
    {
        { [T0], [1.0], "1 row(s): a trace needs at least 2" },
        { [T0, T0 + TimeSpan.FromMinutes(1), T0 + TimeSpan.FromMinutes(1)], [1.0, 2, 3], "not after the previous row's" },
        { [T0, T0 + TimeSpan.FromMinutes(1)], [1.0], "has 1 values for 2 rows" },
    };

    [Theory]
    [MemberData(nameof(NotATrace))]
    public void FromColumns_NotATrace_RejectedNamingTheOrigin(DateTimeOffset[] times, double[] values, string reason)
    {
        var error = Assert.Throws<TraceFormatException>(() =>
            Trace.FromColumns("Prometheus http://127.0.0.1:9/", times, new Dictionary<string, double[]> { ["rps"] = values }));

        Assert.Equal("Prometheus http://127.0.0.1:9/", error.File);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
