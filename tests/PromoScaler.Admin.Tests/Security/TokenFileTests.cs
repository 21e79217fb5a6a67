using PromoScaler.Admin.Security;

namespace PromoScaler.Admin.Tests.Security;

public sealed class TokenFileTests
{
    [Fact]
    public void Parse_ValidFile_ReadsNameRoleAndHash()
    {
        var tokens = TokenFile.Parse($"# comment\n\nci-bot ci {AdminApiHost.Hash("s3cret")}\r\nbob operator {AdminApiHost.Hash("other")}\n", "tokens");

        Assert.Equal([("ci-bot", TokenRole.Ci), ("bob", TokenRole.Operator)], tokens.Select(t => (t.Name, t.Role)));
        Assert.Equal("ci-bot", new TokenVerifier(tokens).Verify("s3cret")?.Name);
        Assert.Null(new TokenVerifier(tokens).Verify("s3cre"));
    }

    [Fact]
    public void Parse_EveryError_IsListedWithLineAndColumnAndNeverEchoesTheSecret()
    {
        var text = string.Join('\n',
            "alice admin " + AdminApiHost.Hash("a"),
            "bob viewer my-clear-text-token",
            "Carol viewer " + AdminApiHost.Hash("c"),
            "dave viewer",
            "erin viewer " + AdminApiHost.Hash("a"));

        var error = Assert.Throws<TokenFileException>(() => TokenFile.Parse(text, "tokens"));

        Assert.Contains("tokens:1:7: role", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokens:2:12: hash", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokens:3:1: name", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokens:4:", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokens:5:13: hash: the same token is listed twice", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("my-clear-text-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoToken_IsAnError()
    {
        Assert.Throws<TokenFileException>(() => TokenFile.Parse("# nothing\n", "tokens"));
    }
}
