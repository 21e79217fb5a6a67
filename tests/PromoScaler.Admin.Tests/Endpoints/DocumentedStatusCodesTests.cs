using System.Text;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Endpoints;

/// <summary>
/// docs/admin-api.md lists the status codes of each route: every one is walked here with a request that gets it,
/// no route answers one it does not list (the walk covers the table exactly), and the OpenAPI document says the same.
/// </summary>
public sealed class DocumentedStatusCodesTests
{
    private const string Floor = """{"kind":"floor","replicas":3,"for":"10m","reason":"walk"}""";
    private const string Pin = """{"kind":"pin","replicas":3,"for":"10m","reason":"walk"}""";
    private const string Ceiling = """{"kind":"ceiling","replicas":5,"for":"10m","reason":"walk"}""";
    private const string Pause = """{"for":"10m","reason":"walk"}""";
    private const string Prewarm = """{"start":"2027-11-11T00:00:00+08:00","replicas":6,"reason":"walk"}""";

    private const string Health = "GET /api/v1/health";
    private const string Policies = "GET /api/v1/policies";
    private const string Policy = "GET /api/v1/policies/{policy}";
    private const string History = "GET /api/v1/policies/{policy}/history";
    private const string Overrides = "GET /api/v1/overrides";
    private const string SetOverride = "POST /api/v1/policies/{policy}/overrides";
    private const string ClearOverrides = "DELETE /api/v1/policies/{policy}/overrides";
    private const string PausePolicy = "POST /api/v1/policies/{policy}/pause";
    private const string Resume = "POST /api/v1/policies/{policy}/resume";
    private const string Prewarms = "GET /api/v1/prewarms";
    private const string PutPrewarm = "PUT /api/v1/policies/{policy}/prewarms/{name}";
    private const string GetPrewarm = "GET /api/v1/policies/{policy}/prewarms/{name}";
    private const string DeletePrewarm = "DELETE /api/v1/policies/{policy}/prewarms/{name}";
    private const string Audit = "GET /api/v1/audit";
    private const string OpenApi = "GET /api/v1/openapi.json";

    private static readonly Walk[] Walks =
    [
        new(Health, 200, "viewer", "/api/v1/health"),
        new(Health, 401, null, "/api/v1/health"),
        new(Health, 403, "ci", "/api/v1/health"),
        new(Policies, 200, "viewer", "/api/v1/policies"),
        new(Policies, 401, null, "/api/v1/policies"),
        new(Policies, 403, "ci", "/api/v1/policies"),
        new(Policy, 200, "viewer", "/api/v1/policies/checkout"),
        new(Policy, 401, null, "/api/v1/policies/checkout"),
        new(Policy, 403, "ci", "/api/v1/policies/checkout"),
        new(Policy, 404, "viewer", "/api/v1/policies/nope"),
        new(History, 200, "viewer", "/api/v1/policies/checkout/history?since=1h"),
        new(History, 400, "viewer", "/api/v1/policies/checkout/history?since=yesterday"),
        new(History, 401, null, "/api/v1/policies/checkout/history"),
        new(History, 403, "ci", "/api/v1/policies/checkout/history"),
        new(History, 404, "viewer", "/api/v1/policies/nope/history"),
        new(Overrides, 200, "viewer", "/api/v1/overrides"),
        new(Overrides, 401, null, "/api/v1/overrides"),
        new(Overrides, 403, "ci", "/api/v1/overrides"),
        new(SetOverride, 200, "operator", "/api/v1/policies/checkout/overrides", Floor),
        new(SetOverride, 400, "operator", "/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":3,"for":"10m","reson":"walk"}"""),
        new(SetOverride, 401, null, "/api/v1/policies/checkout/overrides", Floor),
        new(SetOverride, 403, "viewer", "/api/v1/policies/checkout/overrides", Floor),
        new(SetOverride, 404, "operator", "/api/v1/policies/nope/overrides", Floor),
        new(SetOverride, 409, "operator", "/api/v1/policies/checkout/overrides", Ceiling, Setup: h => Send(h, "POST", "/api/v1/policies/checkout/overrides", Pin)),
        new(SetOverride, 415, "operator", "/api/v1/policies/checkout/overrides", Floor, "text/plain"),
        new(SetOverride, 503, "operator", "/api/v1/policies/checkout/overrides", Floor, Setup: Refuse),
        new(SetOverride, 502, "operator", "/api/v1/policies/checkout/overrides", Floor, Setup: HeldByAnswerNotHttp),
        new(SetOverride, 504, "operator", "/api/v1/policies/checkout/overrides", Floor, Setup: HeldBySilent),
        new(ClearOverrides, 200, "operator", "/api/v1/policies/checkout/overrides", Setup: h => Send(h, "POST", "/api/v1/policies/checkout/overrides", Floor)),
        new(ClearOverrides, 400, "operator", "/api/v1/policies/checkout/overrides?kind=pinn"),
        new(ClearOverrides, 401, null, "/api/v1/policies/checkout/overrides"),
        new(ClearOverrides, 403, "ci", "/api/v1/policies/checkout/overrides"),
        new(ClearOverrides, 404, "operator", "/api/v1/policies/checkout/overrides"),
        new(ClearOverrides, 503, "operator", "/api/v1/policies/checkout/overrides",
            Setup: async h => { await Send(h, "POST", "/api/v1/policies/checkout/overrides", Floor); await Refuse(h); }),
        new(ClearOverrides, 502, "operator", "/api/v1/policies/checkout/overrides", Setup: HeldByAnswerNotHttp),
        new(ClearOverrides, 504, "operator", "/api/v1/policies/checkout/overrides", Setup: HeldBySilent),
        new(PausePolicy, 200, "operator", "/api/v1/policies/checkout/pause", Pause),
        new(PausePolicy, 400, "operator", "/api/v1/policies/checkout/pause", """{"for":"soon","reason":"walk"}"""),
        new(PausePolicy, 401, null, "/api/v1/policies/checkout/pause", Pause),
        new(PausePolicy, 403, "ci", "/api/v1/policies/checkout/pause", Pause),
        new(PausePolicy, 404, "operator", "/api/v1/policies/nope/pause", Pause),
        new(PausePolicy, 415, "operator", "/api/v1/policies/checkout/pause", Pause, "application/xml"),
        new(PausePolicy, 503, "operator", "/api/v1/policies/checkout/pause", Pause, Setup: Refuse),
        new(PausePolicy, 502, "operator", "/api/v1/policies/checkout/pause", Pause, Setup: HeldByAnswerNotHttp),
        new(PausePolicy, 504, "operator", "/api/v1/policies/checkout/pause", Pause, Setup: HeldBySilent),
        new(Resume, 200, "operator", "/api/v1/policies/checkout/resume", Setup: h => Send(h, "POST", "/api/v1/policies/checkout/pause", Pause)),
        new(Resume, 400, "operator", "/api/v1/policies/checkout/resume", """{"reson":"walk"}"""),
        new(Resume, 401, null, "/api/v1/policies/checkout/resume"),
        new(Resume, 403, "ci", "/api/v1/policies/checkout/resume"),
        new(Resume, 404, "operator", "/api/v1/policies/checkout/resume"),
        new(Resume, 415, "operator", "/api/v1/policies/checkout/resume", """{"reason":"walk"}""", "text/plain"),
        new(Resume, 503, "operator", "/api/v1/policies/checkout/resume",
            Setup: async h => { await Send(h, "POST", "/api/v1/policies/checkout/pause", Pause); await Refuse(h); }),
        new(Resume, 502, "operator", "/api/v1/policies/checkout/resume", Setup: HeldByAnswerNotHttp),
        new(Resume, 504, "operator", "/api/v1/policies/checkout/resume", Setup: HeldBySilent),
        new(Prewarms, 200, "ci", "/api/v1/prewarms"),
        new(Prewarms, 401, null, "/api/v1/prewarms"),
        new(PutPrewarm, 200, "ci", "/api/v1/policies/checkout/prewarms/walk", Prewarm, Setup: h => Send(h, "PUT", "/api/v1/policies/checkout/prewarms/walk", Prewarm)),
        new(PutPrewarm, 201, "ci", "/api/v1/policies/checkout/prewarms/walk", Prewarm),
        new(PutPrewarm, 400, "ci", "/api/v1/policies/checkout/prewarms/walk?replace=maybe", Prewarm),
        new(PutPrewarm, 401, null, "/api/v1/policies/checkout/prewarms/walk", Prewarm),
        new(PutPrewarm, 403, "viewer", "/api/v1/policies/checkout/prewarms/walk", Prewarm),
        new(PutPrewarm, 404, "ci", "/api/v1/policies/nope/prewarms/walk", Prewarm),
        new(PutPrewarm, 409, "ci", "/api/v1/policies/search/prewarms/black-friday", Prewarm),
        new(PutPrewarm, 415, "ci", "/api/v1/policies/checkout/prewarms/walk", Prewarm, ""),
        new(PutPrewarm, 503, "ci", "/api/v1/policies/checkout/prewarms/walk", Prewarm, Setup: Refuse),
        new(PutPrewarm, 502, "ci", "/api/v1/policies/checkout/prewarms/walk", Prewarm, Setup: HeldByAnswerNotHttp),
        new(PutPrewarm, 504, "ci", "/api/v1/policies/checkout/prewarms/walk", Prewarm, Setup: HeldBySilent),
        new(GetPrewarm, 200, "viewer", "/api/v1/policies/checkout/prewarms/walk", Setup: h => Send(h, "PUT", "/api/v1/policies/checkout/prewarms/walk", Prewarm)),
        new(GetPrewarm, 401, null, "/api/v1/policies/checkout/prewarms/walk"),
        new(GetPrewarm, 404, "ci", "/api/v1/policies/checkout/prewarms/walk"),
        new(DeletePrewarm, 200, "ci", "/api/v1/policies/checkout/prewarms/walk", Setup: h => Send(h, "PUT", "/api/v1/policies/checkout/prewarms/walk", Prewarm)),
        new(DeletePrewarm, 400, "ci", "/api/v1/policies/checkout/prewarms/walk?reason=two%0Alines"),
        new(DeletePrewarm, 401, null, "/api/v1/policies/checkout/prewarms/walk"),
        new(DeletePrewarm, 403, "viewer", "/api/v1/policies/checkout/prewarms/walk"),
        new(DeletePrewarm, 404, "ci", "/api/v1/policies/checkout/prewarms/walk"),
        new(DeletePrewarm, 503, "ci", "/api/v1/policies/checkout/prewarms/walk",
            Setup: async h => { await Send(h, "PUT", "/api/v1/policies/checkout/prewarms/walk", Prewarm); await Refuse(h); }),
        new(DeletePrewarm, 502, "ci", "/api/v1/policies/checkout/prewarms/walk", Setup: HeldByAnswerNotHttp),
        new(DeletePrewarm, 504, "ci", "/api/v1/policies/checkout/prewarms/walk", Setup: HeldBySilent),
        new(Audit, 200, "viewer", "/api/v1/audit?since=24h"),
        new(Audit, 400, "viewer", "/api/v1/audit?since=last-week"),
        new(Audit, 401, null, "/api/v1/audit"),
        new(Audit, 403, "ci", "/api/v1/audit"),
        new(OpenApi, 200, "viewer", "/api/v1/openapi.json"),
        new(OpenApi, 401, null, "/api/v1/openapi.json"),
        new(OpenApi, 403, "ci", "/api/v1/openapi.json"),
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var walk in Walks)
        {
            data.Add(walk.Route, walk.Code);
        }

        return data;
    }

    [Fact]
    public void Walks_CoverEveryDocumentedCodeOfEveryRoute()
    {
        var documented = DocumentedCodes.ByRoute.SelectMany(r => r.Value.Select(c => $"{r.Key} {c}")).Order(StringComparer.Ordinal);
        var walked = Walks.Select(w => $"{w.Route} {w.Code}").Order(StringComparer.Ordinal);

        Assert.Equal(documented, walked);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_DocumentedCode_IsAnsweredWithAProblemForEveryError(string route, int code)
    {
        var walk = Walks.Single(w => w.Route == route && w.Code == code);
        await using var host = await AdminApiHost.StartAsync();
        if (walk.Setup is { } setup)
        {
            await setup(host);
        }

        using var client = host.Client(Token(walk.Role));
        using var request = new HttpRequestMessage(new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]), walk.Path);
        if (walk.Body is { } body)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (walk.ContentType is not "")
            {
                request.Content.Headers.ContentType = new(walk.ContentType ?? "application/json");
            }
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(code, (int)response.StatusCode);
        if (code >= 400)
        {
            // Every error is a problem; only a 5xx (nothing persisted, or the holder's outcome unknown) names no field.
            var field = await response.ProblemField();
            Assert.True(code >= 500 ? field is null : !string.IsNullOrEmpty(field), $"field {field} in a {code}");
        }
    }

    [Fact]
    public async Task OpenApiDocument_ListsExactlyTheDocumentedCodes()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.ViewerToken);

        using var response = await client.GetAsync("/api/v1/openapi.json");
        var paths = (await response.Body()).GetProperty("paths");

        var inDocument = new List<string>();
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var codes = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal);
                inDocument.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {string.Join(", ", codes)}");
            }
        }

        var documented = DocumentedCodes.ByRoute.Where(r => r.Key != OpenApi)
            .Select(r => $"{r.Key}: {string.Join(", ", r.Value.Order().Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Equal(documented.Order(StringComparer.Ordinal), inDocument.Order(StringComparer.Ordinal));
    }

    private static string? Token(string? role) => role switch
    {
        "viewer" => AdminApiHost.ViewerToken,
        "ci" => AdminApiHost.CiToken,
        "operator" => AdminApiHost.OperatorToken,
        _ => null,
    };

    private static async Task Send(AdminApiHost host, string method, string path, string body)
    {
        using var client = host.Client(AdminApiHost.OperatorToken);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiCalls.Json(body) });
        Assert.True(response.IsSuccessStatusCode, $"setup {method} {path}: {(int)response.StatusCode}");
    }

    private static Task Refuse(AdminApiHost host)
    {
        host.Persistence.Refusal = "the state store could not be written";
        return Task.CompletedTask;
    }

    // Another replica holds the policy, and its API answers bytes that are not HTTP, or nothing at all.
    private static Task HeldByAnswerNotHttp(AdminApiHost host)
    {
        host.Writers.HeldElsewhere("NOT HTTP\r\n\r\n"u8.ToArray());
        return Task.CompletedTask;
    }

    private static Task HeldBySilent(AdminApiHost host)
    {
        host.Writers.HeldElsewhere(null);
        return Task.CompletedTask;
    }

    private sealed record Walk(string Route, int Code, string? Role, string Path, string? Body = null, string? ContentType = null, Func<AdminApiHost, Task>? Setup = null);
}
