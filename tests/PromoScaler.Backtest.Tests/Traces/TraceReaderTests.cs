using PromoScaler.Backtest.Traces;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Traces;

public class TraceReaderTests
{
    [Theory]
    [InlineData("timestamp,value\n2025-01-01T00:01:00Z,1\n2025-01-01T00:00:00Z,2\n", 3, "before the previous row")]
    [InlineData("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:00:00Z,2\n", 3, "duplicate timestamp")]
    [InlineData("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,lots\n", 3, "\"lots\" is not a number")]
    [InlineData("timestamp,value\n2025-01-01T00:00:00,1\n2025-01-01T00:01:00Z,2\n", 2, "not ISO-8601 with Z or an offset")]
    [InlineData("time,value\n2025-01-01T00:00:00Z,1\n", 1, "must be timestamp,<metric>")]
    [InlineData("timestamp,value\n2025-01-01T00:00:00Z,1,2\n", 2, "3 cells")]
    public void Read_BadTrace_RejectedWithFileLineAndReason(string csv, int line, string reason)
    {
        var error = Assert.Throws<TraceFormatException>(() => Parse(csv, "bad.csv"));

        Assert.Equal("bad.csv", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"bad.csv:{line}: ", error.Message);
    }

    [Fact]
    public void Read_OffsetsAndEmptyCells_UtcTicksAndHoles()
    {
        var trace = Parse("timestamp,rps,cpu\n2025-01-01T08:00:00+08:00,1.5,\n2025-01-01T00:01:00Z,NaN,0.25\n");

        Assert.Equal(T0, trace.First);
        Assert.Equal(1.5, trace.Columns["rps"][0]);
        Assert.True(double.IsNaN(trace.Columns["cpu"][0]));
        Assert.True(double.IsNaN(trace.Columns["rps"][1]));
        Assert.Equal(0.25, trace.Columns["cpu"][1]);
    }
}
