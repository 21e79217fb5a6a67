using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Policies;

/// <summary>The one parser per kind refuses a value with a trailing newline ('$' in a .NET regex matches before one).</summary>
public sealed class ValueSyntaxTests
{
    [Theory]
    [InlineData("12\n")]
    [InlineData("12\n\n")]
    [InlineData("\n12")]
    public void ParseInteger_NewlineAround_IsMalformed(string text) =>
        Assert.Equal(ParseOutcome.Malformed, Number.ParseInteger(text, out _));

    [Fact]
    public void ParseReal_TrailingNewline_IsMalformed() =>
        Assert.Equal(ParseOutcome.Malformed, Number.ParseReal("0.5\n", out _));

    [Fact]
    public void InstantParse_TrailingNewline_IsMalformed() =>
        Assert.Equal(ParseOutcome.Malformed, Instant.Parse("2027-11-11T00:00:00Z\n", out _));

    [Theory]
    [InlineData("checkout", true)]
    [InlineData("double-11", true)]
    [InlineData("a", true)]
    [InlineData("flash\n", false)]
    [InlineData("Flash", false)]
    [InlineData("-flash", false)]
    [InlineData("flash-", false)]
    [InlineData("", false)]
    public void DnsLabel_IsValid(string text, bool expected) => Assert.Equal(expected, DnsLabel.IsValid(text));

    [Fact]
    public void DnsLabel_64Characters_IsTooLong()
    {
        Assert.True(DnsLabel.IsValid(new string('a', 63)));
        Assert.False(DnsLabel.IsValid(new string('a', 64)));
    }

    [Theory]
    [InlineData("reson", "reason")]
    [InlineData("Replicas", "replicas")]
    [InlineData("rampdown", "rampDown")]
    [InlineData("ttl", null)]
    public void NearestName_WithinTwoEdits_IsSuggested(string name, string? expected) =>
        Assert.Equal(expected, NearestName.Of(name, ["reason", "replicas", "rampDown", "for"]));
}
