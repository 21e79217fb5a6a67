using System.Net;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Http;

/// <summary>Request bodies are checked member by member, in the API's words: never a .NET type or member name.</summary>
public sealed class BodyMemberTests : IClassFixture<AdminApiFixture>
{
    private readonly AdminApiHost _host;

    public BodyMemberTests(AdminApiFixture fixture) => _host = fixture.Host;

    [Theory]
    [InlineData("""{"kind":"pin","replicas":3,"for":"1h","reson":"x"}""", "reson", "did you mean \"reason\"")]
    [InlineData("""{"kind":"pin","Replicas":3,"for":"1h","reason":"x"}""", "Replicas", "did you mean \"replicas\"")]
    [InlineData("""{"kind":"pin","replicas":3,"ttl":"1h","reason":"x"}""", "ttl", "this body takes kind, replicas, for, reason, immediate, belowMin")]
    public async Task Post_UnknownField_NamesItWithTheNearestKnownField(string json, string field, string hint)
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/overrides", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
        var detail = await Detail(response);
        Assert.Contains(hint, detail, StringComparison.Ordinal);
        AssertNoDotNetNames(detail);
    }

    [Theory]
    [InlineData("""{"kind":"pin","replicas":"3","for":"1h","reason":"x"}""", "replicas", "must be a whole number, not a string")]
    [InlineData("""{"kind":"pin","replicas":1.5,"for":"1h","reason":"x"}""", "replicas", "\"1.5\" is not a whole number")]
    [InlineData("""{"kind":"pin","replicas":99999999999,"for":"1h","reason":"x"}""", "replicas", "is out of range")]
    [InlineData("""{"kind":"pin","replicas":3,"for":3600,"reason":"x"}""", "for", "must be a string, not a number")]
    [InlineData("""{"kind":["pin"],"replicas":3,"for":"1h","reason":"x"}""", "kind", "must be a string, not an array")]
    [InlineData("""{"kind":"pin","replicas":3,"for":"1h","reason":"x","immediate":"yes"}""", "immediate", "must be true or false, not a string")]
    [InlineData("""{"kind":"pin","replicas":3,"for":"1h","reason":{"why":"x"}}""", "reason", "must be a string, not an object")]
    public async Task Post_WrongType_NamesTheFieldWithoutDotNetTypes(string json, string field, string expected)
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/overrides", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
        var detail = await Detail(response);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        AssertNoDotNetNames(detail);
    }

    [Fact]
    public async Task Post_RepeatedKey_IsRefusedNotLastWins()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/pause", """{"for":"1m","reason":"r","for":"7d"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("for", await response.ProblemField());
        Assert.Contains("more than once", await Detail(response), StringComparison.Ordinal);
        Assert.False(_host.Book.ControlsFor("search", _host.Time.GetUtcNow()).Paused);
    }

    [Fact]
    public async Task Post_WithoutContentType_Answers415()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        using var content = new ByteArrayContent("""{"for":"1h","reason":"r"}"""u8.ToArray());

        using var response = await client.PostAsync("/api/v1/policies/search/pause", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type", await response.ProblemField());
        Assert.False(_host.Book.ControlsFor("search", _host.Time.GetUtcNow()).Paused);
    }

    [Fact]
    public async Task Resume_BodyWithoutContentType_Answers415()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        using var content = new ByteArrayContent("""{"reason":"r"}"""u8.ToArray());

        using var response = await client.PostAsync("/api/v1/policies/search/resume", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_TruncatedBody_NamesTheMemberBeingRead()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/pause", """{"for":"1h","reason":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("reason", await response.ProblemField());
    }

    [Theory]
    [InlineData("""{"for":"1h","reason":"\ud800"}""", "reason")]
    [InlineData("""{"for":"1h","reason":"r","\udc00x":1}""", "body")]
    public async Task Post_BrokenUnicodeEscape_Answers400(string json, string field)
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/pause", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
    }

    [Fact]
    public async Task Post_HugeDuration_IsEchoedClipped()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        var huge = new string('9', 60_000) + "x";

        using var response = await client.PostJson("/api/v1/policies/search/pause", $$"""{"for":"{{huge}}","reason":"r"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("for", await response.ProblemField());
        var detail = await Detail(response);
        Assert.True(detail.Length < 300, detail);
        Assert.Contains("(60001 characters)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownPolicyWithA5000CharacterName_IsEchoedClipped()
    {
        using var client = _host.Client(AdminApiHost.ViewerToken);

        using var response = await client.GetAsync("/api/v1/policies/" + new string('a', 5000));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("policy", await response.ProblemField());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 600, text);
        Assert.Contains("(5000 characters)", text, StringComparison.Ordinal);
    }

    internal static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Body()).GetProperty("detail").GetString() ?? "";

    internal static void AssertNoDotNetNames(string text)
    {
        foreach (var name in new[] { ".NET", "System.", "PromoScaler.", "Nullable", "Int32", "Boolean", "could not be mapped", "Path: $" })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        }
    }
}
