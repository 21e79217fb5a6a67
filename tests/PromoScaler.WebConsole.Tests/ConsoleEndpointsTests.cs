using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.History;
using PromoScaler.Testing.Policies;
using PromoScaler.WebConsole.Tests.Support;

namespace PromoScaler.WebConsole.Tests;

/// <summary>The console's reads over HTTP: the chart series, the session, the reason page, and their refusals.</summary>
public sealed class ConsoleEndpointsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 11, 10, 12, 0, 0, TimeSpan.Zero);
    private ConsoleHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ConsoleHost.StartAsync(new FakeTimeProvider(Now));
        _host.Policies.Add(new PolicyBuilder().Named("search").Replicas(1, 10)
            .OneOffPrewarm("black-friday", Now.AddHours(20), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.Zero, replicas: 8)
            .OneOffPrewarm("next-year", Now.AddDays(300), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.Zero, replicas: 8)
            .Build());
        for (var m = -90; m <= 0; m += 15)
        {
            _host.Decisions.Record("search", new DecisionRecord(Now.AddMinutes(m), m == 0 ? DecisionAction.Scale : DecisionAction.None, 3, m == 0 ? 4 : 3,
                ReasonCode.ReactiveProposal, new DecisionComponents(3, null, null, 3),
                [new ExplanationStep(DecisionStage.Observation, ReasonCode.Observed, Value: 3, After: 3), new ExplanationStep(DecisionStage.Signals, ReasonCode.MetricValid, "rps", Value: 250)]));
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Chart_LastHour_HasItsDecisionsWithDemandAndReady_AndThePrewarmsOfTheNext48Hours()
    {
        using var client = Client(ConsoleDaemon.ViewerToken);
        using var response = await client.GetAsync("/api/v1/policies/search/chart?window=1h");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var points = view.RootElement.GetProperty("points");
        Assert.Equal(5, points.GetArrayLength());
        Assert.Equal(250, points[0].GetProperty("demand")[0].GetDouble());
        Assert.Equal(3, points[0].GetProperty("ready").GetInt32());
        Assert.True(points[4].GetProperty("scaled").GetBoolean());
        var windows = view.RootElement.GetProperty("windows");
        Assert.Equal("black-friday", Assert.Single(windows.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(125, view.RootElement.GetProperty("metrics")[0].GetProperty("capacityPerReplica").GetDouble());
    }

    [Theory]
    [InlineData("/api/v1/policies/nope/chart", ConsoleDaemon.ViewerToken, HttpStatusCode.NotFound)]
    [InlineData("/api/v1/policies/search/chart?window=banana", ConsoleDaemon.ViewerToken, HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/policies/search/chart?window=30d", ConsoleDaemon.ViewerToken, HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/policies/search/chart", null, HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/session", null, HttpStatusCode.Unauthorized)]
    public async Task ConsoleReads_RefuseWhatTheyShould(string path, string? token, HttpStatusCode expected)
    {
        using var client = Client(token);
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ChartWindow_AnyText_IsAChartOrA400NamingWindow_NeverA500()
    {
        using var client = Client(ConsoleDaemon.ViewerToken);
        var text = Gen.OneOf(Gen.String[Gen.Char["0123456789smhdSMH.-+ \n\t%"], 0, 12], Gen.String, Gen.OneOf("1h", "59s", "7d", "8d", new string('9', 400)))
            .Where(t => !t.Contains('\0', StringComparison.Ordinal) && !t.Any(char.IsSurrogate));

        await text.SampleAsync(async window =>
        {
            using var response = await client.GetAsync($"/api/v1/policies/search/chart?window={Uri.EscapeDataString(window)}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{response.StatusCode} for {window}: {body}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                using var problem = JsonDocument.Parse(body);
                Assert.Equal("window", problem.RootElement.GetProperty("field").GetString());
                Assert.True(body.Length < 2_000, $"a {body.Length}-character answer");
            }
        }, iter: 150, threads: 1);
    }

    [Fact]
    public async Task Session_NamesTheTokenAndItsRole()
    {
        using var client = Client(ConsoleDaemon.OperatorToken);
        using var session = JsonDocument.Parse(await client.GetStringAsync("/api/v1/session"));
        Assert.Equal("alice", session.RootElement.GetProperty("name").GetString());
        Assert.Equal("operator", session.RootElement.GetProperty("role").GetString());
    }

    [Fact]
    public async Task ReasonsPage_HasAnAnchorForEveryReasonCode()
    {
        using var client = Client(null);
        var html = await client.GetStringAsync("/reasons");
        var missing = Enum.GetValues<ReasonCode>().Select(c => c.ToCode()).Where(code => !html.Contains($"id=\"{code}\"", StringComparison.Ordinal)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task WrongMethodOnAnApiRoute_StaysA405_AndUnknownApiPathsAre404WithoutHtml()
    {
        using var client = Client(ConsoleDaemon.OperatorToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.DeleteAsync("/api/v1/policies")).StatusCode);
        using var unknown = await client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("<html", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = _host.Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
