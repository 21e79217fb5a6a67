using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Http;

/// <summary>
/// Every request body type, generated from its fields and mutated from a valid body: the API never answers 500,
/// answers only codes docs/admin-api.md lists for the route, and every 4xx is a problem that names a field, in a
/// short detail without .NET names.
/// </summary>
public sealed class RequestBodyPropertyTests : IClassFixture<AdminApiFixture>
{
    private static readonly Dictionary<string, BodyRoute> Routes = new(StringComparer.Ordinal)
    {
        ["override"] = new("POST", "/api/v1/policies/{policy}/overrides", "/api/v1/policies/checkout/overrides",
            """{"kind":"pin","replicas":3,"for":"30m","reason":"incident","immediate":true,"belowMin":false}""",
            ["kind", "replicas", "for", "reason", "immediate", "belowMin"]),
        ["pause"] = new("POST", "/api/v1/policies/{policy}/pause", "/api/v1/policies/checkout/pause",
            """{"for":"1h","reason":"db failover"}""", ["for", "reason"]),
        ["resume"] = new("POST", "/api/v1/policies/{policy}/resume", "/api/v1/policies/checkout/resume",
            """{"reason":"db back"}""", ["reason"]),
        ["prewarm"] = new("PUT", "/api/v1/policies/{policy}/prewarms/{name}", "/api/v1/policies/checkout/prewarms/double-11",
            """{"start":"2027-11-11T00:00:00+08:00","replicas":12,"lead":"30m","hold":"2h","rampDown":"1h","reason":"singles day"}""",
            ["start", "replicas", "lead", "hold", "rampDown", "reason"]),
    };

    private readonly AdminApiHost _host;

    public RequestBodyPropertyTests(AdminApiFixture fixture) => _host = fixture.Host;

    public static TheoryData<string> BodyTypes() => new(Routes.Keys);

    [Theory]
    [MemberData(nameof(BodyTypes))]
    public async Task GeneratedBody_NeverAnswers500AndEvery4xxNamesAField(string bodyType)
    {
        var route = Routes[bodyType];
        using var client = _host.Client(AdminApiHost.OperatorToken);

        await Generated(route).SampleAsync(body => AssertAnswer(client, route, body, "application/json"), iter: 400, threads: 1);
    }

    [Theory]
    [MemberData(nameof(BodyTypes))]
    public async Task MutatedValidBody_NeverAnswers500AndEvery4xxNamesAField(string bodyType)
    {
        var route = Routes[bodyType];
        using var client = _host.Client(AdminApiHost.OperatorToken);

        await Mutated(route.Valid).SampleAsync(body => AssertAnswer(client, route, body, "application/json"), iter: 400, threads: 1);
    }

    [Theory]
    [MemberData(nameof(BodyTypes))]
    public async Task AnyContentType_IsJsonOr415(string bodyType)
    {
        var route = Routes[bodyType];
        using var client = _host.Client(AdminApiHost.OperatorToken);
        var contentType = Gen.OneOf(Gen.Const("text/plain"), Gen.Const("application/x-www-form-urlencoded"), Gen.Const("application/jsonx"),
            Gen.Const("application/problem+json"), Gen.Const("APPLICATION/JSON; charset=utf-8"), Gen.Const("json"), Gen.Const(""), Gen.String[Gen.Char.AlphaNumeric, 0, 20]);

        await contentType.SampleAsync(type => AssertAnswer(client, route, route.Valid, type), iter: 60, threads: 1);
    }

    /// <summary>Objects of known and unknown members, each with a value of any JSON type, sometimes repeated.</summary>
    private static Gen<string> Generated(BodyRoute route)
    {
        var name = Gen.OneOf(Gen.OneOf(route.Fields), Gen.Select(Gen.OneOf(route.Fields), Gen.Int[0, 3], Misspell), Gen.String[0, 12]);
        var member = Gen.Select(name, AnyValue, (n, v) => Quote(n) + ":" + v);
        return Gen.OneOf(
            member.Array[0, 8].Select(m => "{" + string.Join(",", m) + "}"),
            Gen.Select(member.Array[1, 5], Gen.Int[0, 4], (m, i) => "{" + string.Join(",", m.Append(m[i % m.Length])) + "}"),
            AnyValue);
    }

    /// <summary>A valid body with one to three edits: a character dropped, inserted or replaced, a span repeated, a cut.</summary>
    private static Gen<string> Mutated(string valid)
    {
        var edit = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1000], Gen.Char["{}[]\":,0123456789.-+eEtrufalsn \\u\n"]);
        return edit.Array[1, 3].Select(edits =>
        {
            var text = new StringBuilder(valid);
            foreach (var (kind, at, c) in edits)
            {
                var i = text.Length == 0 ? 0 : at % text.Length;
                _ = kind switch
                {
                    0 => text.Remove(i, text.Length == 0 ? 0 : 1),
                    1 => text.Insert(i, c),
                    2 => text.Length == 0 ? text : text.Remove(i, 1).Insert(i, c),
                    3 => text.Insert(i, text.ToString(i, Math.Min(8, text.Length - i))),
                    _ => text.Remove(i, text.Length - i),
                };
            }

            return text.ToString();
        });
    }

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.String.Select(Quote),
        Gen.OneOf<string>("1h", "30m", "0s", "7d", "8d", "99999999999999999999d", "-1h", "1.5h", "2027-11-11T00:00:00Z", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "pin", "floor", "ceiling", "freezeScaleDown", "freezeScaleUp", "", "\ud800", "a\nb").Select(Quote),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999"),
        Gen.OneOf<string>("true", "false", "null", "0", "-0", "1e3", "12.0", new string('9', 400)),
        Gen.Const(Quote(new string('x', 20_000))));

    private static readonly Gen<string> AnyValue = Gen.OneOf(
        Scalar,
        Scalar.Array[0, 3].Select(a => "[" + string.Join(",", a) + "]"),
        Gen.Select(Gen.String[0, 6], Scalar, (k, v) => "{" + Quote(k) + ":" + v + "}"));

    private static string Misspell(string name, int how) => how switch
    {
        0 => name.ToUpperInvariant(),
        1 => name.Length > 1 ? name[..^1] : name + "x",
        2 => name + "s",
        _ => char.ToUpperInvariant(name[0]) + name[1..],
    };

    /// <summary>A JSON string of <paramref name="text"/>; a lone surrogate is written as its \u escape, as a client could send.</summary>
    private static string Quote(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c is '"' or '\\' || c < 0x20 || char.IsSurrogate(c)
                ? json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")
                : json.Append(c);
        }

        return json.Append('"').ToString();
    }

    private static async Task AssertAnswer(HttpClient client, BodyRoute route, string body, string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType.Length > 0 && MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            content.Headers.ContentType = media;
        }

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.Path) { Content = content });
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var documented = DocumentedCodes.For($"{route.Method} {route.Pattern}");
        Assert.True(documented.Contains(status), $"{status} is not documented for {route.Method} {route.Pattern}; body {Clip(body)}; answer {Clip(text)}");
        if (status < 400)
        {
            return;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(text.Length < 2_000, $"a {text.Length}-character answer to {Clip(body)}");
        using var problem = JsonDocument.Parse(text);
        var field = problem.RootElement.TryGetProperty("field", out var f) ? f.GetString() : null;
        var detail = problem.RootElement.GetProperty("detail").GetString() ?? "";
        Assert.False(string.IsNullOrEmpty(field), $"no field in {text} for {Clip(body)}");
        Assert.True(route.Fields.Contains(field) || field is "body" or "Content-Type" or "name" or "policy" or "kind" || field[0] == '"' || MemberNames(body).Contains(field) || body.Contains(field, StringComparison.Ordinal),
            $"field {field} of {text} for {Clip(body)}");
        BodyMemberTests.AssertNoDotNetNames(detail);
        Assert.DoesNotContain('\n', detail);
    }

    /// <summary>The top-level member names of <paramref name="body"/> as the server reads them (escapes decoded).</summary>
    private static HashSet<string> MemberNames(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().Select(m => m.Name).ToHashSet(StringComparer.Ordinal)
                : [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private sealed record BodyRoute(string Method, string Pattern, string Path, string Valid, string[] Fields);
}
