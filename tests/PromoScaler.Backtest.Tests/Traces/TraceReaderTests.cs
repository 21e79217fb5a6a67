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

public class TraceReaderLimitTests
{
    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "out of range")]
    [InlineData("9999-12-31T23:59:59Z", "out of range")]
    [InlineData("0001-01-01T00:00:00+01:00", "out of range")]
    [InlineData("2025-02-30T00:00:00Z", "out of range")]
    [InlineData("2025-01-01 00:00:00Z", "not ISO-8601")]
    public void Read_TimestampAtTheCalendarsEdge_RefusedAsOutOfRangeWithItsLine(string timestamp, string reason)
    {
        var error = Assert.Throws<TraceFormatException>(() => Parse($"timestamp,value\n2025-01-01T00:00:00Z,1\n{timestamp},2\n", "edge.csv"));

        Assert.Equal(3, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e308", "out of range")]
    [InlineData("1e999", "out of range")]
    [InlineData("-2e15", "out of range")]
    [InlineData("Infinity", "is not a number")]
    [InlineData("0,2", "3 cells")]
    [InlineData("0x10", "is not a number")]
    public void Read_ValueBeyondTheLimitOrNotANumber_RefusedWithItsLine(string value, string reason)
    {
        var error = Assert.Throws<TraceFormatException>(() => Parse($"timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,{value}\n", "big.csv"));

        Assert.Equal(3, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeCell_MessageQuotesAtMostEightyCharacters()
    {
        var huge = new string('x', 1_000_000);

        var error = Assert.Throws<TraceFormatException>(() => Parse($"timestamp,value\n2025-01-01T00:00:00Z,{huge}\n2025-01-01T00:01:00Z,1\n", "huge.csv"));

        Assert.True(error.Message.Length < 300, $"{error.Message.Length} characters");
        Assert.Contains("1000000 characters", error.Message, StringComparison.Ordinal);
    }
}
