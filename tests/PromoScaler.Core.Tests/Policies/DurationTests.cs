using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Policies;

public sealed class DurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(0.4, "0s")]
    [InlineData(0.5, "1s")]
    [InlineData(45, "45s")]
    [InlineData(201, "3m21s")]
    [InlineData(3600, "1h")]
    [InlineData(5400, "1h30m")]
    [InlineData(5415, "1h30m15s")]
    [InlineData(86400 + 5, "1d5s")]
    [InlineData((299 * 86400) + 60, "299d1m")]
    [InlineData(-90, "-1m30s")]
    public void Describe_Span_EveryUnitItNeedsLargestFirst(double seconds, string expected) =>
        Assert.Equal(expected, Duration.Describe(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Describe_LargestSpan_DoesNotOverflow() =>
        Assert.StartsWith("10675199d2h48m", Duration.Describe(TimeSpan.MaxValue), StringComparison.Ordinal);

    [Theory]
    [InlineData(90, "90s")]
    [InlineData(5400, "90m")]
    [InlineData(7200, "2h")]
    public void Format_Span_LargestUnitThatDividesItAndParsesBack(int seconds, string expected)
    {
        var text = Duration.Format(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected, text);
        Assert.True(Duration.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }
}
