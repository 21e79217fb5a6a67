using System.Text.Json;
using CsCheck;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Http;

/// <summary>
/// Any text in a query parameter or a path segment (policy, pre-warm name): never a 500, only documented codes, and
/// every error a problem naming the parameter in a short detail.
/// </summary>
public sealed class QueryAndPathPropertyTests : IClassFixture<AdminApiFixture>
{
    private const string Prewarm = """{"start":"2027-11-11T00:00:00+08:00","replicas":6}""";

    private readonly AdminApiHost _host;

    public QueryAndPathPropertyTests(AdminApiFixture fixture) => _host = fixture.Host;

    public static TheoryData<string, string> Templates() => new()
    {
        { "GET /api/v1/policies/{policy}/history", "/api/v1/policies/checkout/history?since={x}&until={x}" },
        { "GET /api/v1/audit", "/api/v1/audit?since={x}" },
        { "DELETE /api/v1/policies/{policy}/overrides", "/api/v1/policies/checkout/overrides?kind={x}&reason={x}" },
        { "PUT /api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/p?replace={x}" },
        { "PUT /api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/{x}" },
        { "DELETE /api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/{x}?reason={x}" },
        { "GET /api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/{x}" },
        { "GET /api/v1/policies/{policy}", "/api/v1/policies/{x}" },
        { "POST /api/v1/policies/{policy}/pause", "/api/v1/policies/{x}/pause" },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task AnyText_NeverAnswers500AndEveryErrorNamesTheParameter(string route, string template)
    {
        using var client = _host.Client(AdminApiHost.OperatorToken);
        var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
        var documented = DocumentedCodes.For(route);
        // Left to the HTTP server, which answers before the API (documented): a NUL, a request line over 8 KiB, and
        // a path segment that is empty, "." or ".." (not a route of the API). Broken surrogates cannot be percent-encoded.
        var inPath = template.IndexOf("{x}", StringComparison.Ordinal) < template.IndexOf('?', StringComparison.Ordinal) || !template.Contains('?', StringComparison.Ordinal);
        var text = Gen.OneOf(Gen.String, Gen.String[Gen.Char["abc-019\n\r\t %/.?&=#"], 0, 70], Gen.OneOf("true", "false", "1h", "2027-11-11T00:00:00Z", "pin", new string('a', 3000)))
            .Where(t => !t.Contains('\0', StringComparison.Ordinal) && RequestFieldsWellFormed(t) && !(inPath && t is "" or "." or ".."));

        await text.SampleAsync(async x =>
        {
            using var request = new HttpRequestMessage(method, template.Replace("{x}", Uri.EscapeDataString(x), StringComparison.Ordinal));
            if (method == HttpMethod.Put || method == HttpMethod.Post)
            {
                request.Content = ApiCalls.Json(method == HttpMethod.Put ? Prewarm : """{"for":"1m","reason":"property"}""");
            }

            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(documented.Contains(status), $"{status} for {route} with {x}: {body}");
            if (status >= 400)
            {
                Assert.True(body.Length < 2_000, $"a {body.Length}-character answer");
                using var problem = JsonDocument.Parse(body);
                Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("field").GetString()), body);
                var detail = problem.RootElement.GetProperty("detail").GetString()!;
                Assert.DoesNotContain('\n', detail);
                BodyMemberTests.AssertNoDotNetNames(detail);
            }
        }, iter: 150, threads: 1);
    }

    private static bool RequestFieldsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
