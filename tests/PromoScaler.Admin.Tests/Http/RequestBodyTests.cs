using System.Net;
using System.Text;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Http;

public sealed class RequestBodyTests : IClassFixture<AdminApiFixture>
{
    private readonly AdminApiHost _host;

    public RequestBodyTests(AdminApiFixture fixture) => _host = fixture.Host;

    [Fact]
    public async Task Post_BodyOver64KiB_Answers400NamingTheBody()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        var reason = new string('a', 64 * 1024);

        using var response = await client.PostJson("/api/v1/policies/checkout/pause", $$"""{"for":"1h","reason":"{{reason}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", await response.ProblemField());
    }

    [Fact]
    public async Task Post_BodyOver64KiBWithoutContentLength_Answers400()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        var reason = new string('a', 70 * 1024);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"for":"1h","reason":"{{reason}}"}""")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/policies/checkout/pause") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", await response.ProblemField());
    }

    [Theory]
    [InlineData("""{"for":"1h","reason":""", "reason")]
    [InlineData("""{"for":1,"reason":"r"}""", "for")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("", "body")]
    [InlineData("""{"for":"1h","reason":"r"} trailing""", "body")]
    public async Task Post_MalformedJson_Answers400NamingTheField(string json, string field)
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/pause", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
        Assert.False(_host.Book.ControlsFor("search", _host.Time.GetUtcNow()).Paused);
    }

    [Fact]
    public async Task Post_MalformedJson_DetailSaysLineAndColumn()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/search/pause", "{\n  \"for\": \"1h\",\n  \"reason\": oops\n}");

        var detail = (await response.Body()).GetProperty("detail").GetString();
        Assert.Contains("line 3", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NotJson_Answers415NamingContentType()
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        using var content = new StringContent("for=1h", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await client.PostAsync("/api/v1/policies/search/pause", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type", await response.ProblemField());
    }
}
