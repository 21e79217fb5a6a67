using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Security;

/// <summary>Every endpoint against no token, a wrong token, a malformed header and each role: 401, 403 or 2xx exactly.</summary>
public sealed class AuthorizationMatrixTests : IClassFixture<AdminApiFixture>
{
    private const string Floor = """{"kind":"floor","replicas":3,"for":"10m","reason":"matrix"}""";
    private const string Pause = """{"for":"10m","reason":"matrix"}""";
    private const string Prewarm = """{"start":"2027-11-11T00:00:00+08:00","replicas":6,"reason":"matrix"}""";

    private static readonly string[] Readers = ["viewer", "operator"];
    private static readonly string[] Everyone = ["viewer", "ci", "operator"];
    private static readonly string[] Prewarmers = ["ci", "operator"];
    private static readonly string[] Operators = ["operator"];

    private static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/v1/policies", "/api/v1/policies", null, Readers),
        new("GET", "/api/v1/policies/{policy}", "/api/v1/policies/checkout", null, Readers),
        new("GET", "/api/v1/policies/{policy}/history", "/api/v1/policies/checkout/history?since=1h", null, Readers),
        new("GET", "/api/v1/audit", "/api/v1/audit", null, Readers),
        new("GET", "/api/v1/health", "/api/v1/health", null, Readers),
        new("GET", "/api/v1/overrides", "/api/v1/overrides", null, Readers),
        new("POST", "/api/v1/policies/{policy}/overrides", "/api/v1/policies/checkout/overrides", Floor, Operators),
        new("DELETE", "/api/v1/policies/{policy}/overrides", "/api/v1/policies/checkout/overrides", null, Operators,
            Setup: c => c.PostJson("/api/v1/policies/checkout/overrides", Floor)),
        new("POST", "/api/v1/policies/{policy}/pause", "/api/v1/policies/checkout/pause", Pause, Operators),
        new("POST", "/api/v1/policies/{policy}/resume", "/api/v1/policies/checkout/resume", null, Operators,
            Setup: c => c.PostJson("/api/v1/policies/checkout/pause", Pause)),
        new("GET", "/api/v1/prewarms", "/api/v1/prewarms", null, Everyone),
        new("GET", "/api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/matrix", null, Everyone,
            Setup: c => c.PutJson("/api/v1/policies/checkout/prewarms/matrix", Prewarm)),
        new("PUT", "/api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/matrix", Prewarm, Prewarmers),
        new("DELETE", "/api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/matrix", null, Prewarmers,
            Setup: c => c.PutJson("/api/v1/policies/checkout/prewarms/matrix", Prewarm)),
        new("GET", "/api/{documentName}/openapi.json", "/api/v1/openapi.json", null, Readers),
    ];

    private readonly AdminApiHost _host;

    public AuthorizationMatrixTests(AdminApiFixture fixture) => _host = fixture.Host;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var caller in new[] { "none", "wrong", "malformed", "viewer", "ci", "operator" })
            {
                data.Add(endpoint.Method + " " + endpoint.Pattern, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_Caller_AnswersExactlyByRole(string endpointName, string caller)
    {
        var endpoint = Endpoints.Single(e => e.Method + " " + e.Pattern == endpointName);
        using var operatorClient = _host.Client(AdminApiHost.OperatorToken);
        if (endpoint.Setup is { } setup)
        {
            using var prepared = await setup(operatorClient);
            Assert.True(prepared.IsSuccessStatusCode, $"setup answered {prepared.StatusCode}");
        }

        using var client = caller switch
        {
            "none" => _host.Client(null),
            "wrong" => _host.Client(AdminApiHost.WrongToken),
            "malformed" => _host.Client(null),
            "viewer" => _host.Client(AdminApiHost.ViewerToken),
            "ci" => _host.Client(AdminApiHost.CiToken),
            _ => _host.Client(AdminApiHost.OperatorToken),
        };
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path);
        if (caller == "malformed")
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + AdminApiHost.OperatorToken);
        }

        if (endpoint.Body is { } body)
        {
            request.Content = ApiCalls.Json(body);
        }

        using var response = await client.SendAsync(request);

        if (caller is "none" or "wrong" or "malformed")
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Equal("Authorization", await response.ProblemField());
        }
        else if (endpoint.Allowed.Contains(caller))
        {
            Assert.True(response.IsSuccessStatusCode, $"{caller} on {endpointName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("Authorization", await response.ProblemField());
        }
    }

    [Fact]
    public void EveryMappedApiEndpoint_IsInTheMatrix()
    {
        var mapped = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => m + " " + e.RoutePattern.RawText))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Endpoints.Select(e => e.Method + " " + e.Pattern).Order(StringComparer.Ordinal), mapped);
    }

    [Fact]
    public async Task Healthz_WithoutToken_IsOpen()
    {
        using var client = _host.Client(null);

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed record Endpoint(string Method, string Pattern, string Path, string? Body, string[] Allowed, Func<HttpClient, Task<HttpResponseMessage>>? Setup = null);
}
