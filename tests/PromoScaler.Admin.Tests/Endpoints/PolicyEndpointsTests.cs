using System.Net;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Endpoints;

public sealed class PolicyEndpointsTests
{
    [Fact]
    public async Task Get_AfterADecision_ShowsComponentsAndTheOrderedExplanationInWords()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var operatorClient = host.Client(AdminApiHost.OperatorToken);
        (await operatorClient.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":4,"for":"1h","reason":"incident 42"}""")).Dispose();
        var decision = EngineRun.Decide(host, "checkout", specReplicas: 3, rps: 500);
        using var viewer = host.Client(AdminApiHost.ViewerToken);

        using var response = await viewer.GetAsync("/api/v1/policies/checkout");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Body();
        Assert.Equal(3, body.GetProperty("current").GetInt32());
        Assert.Equal(decision.Desired, body.GetProperty("desired").GetInt32());
        Assert.Equal(5, body.GetProperty("components").GetProperty("reactive").GetInt32());
        Assert.Equal("floor", body.GetProperty("overrides")[0].GetProperty("kind").GetString());
        var steps = body.GetProperty("lastDecision").GetProperty("explanation").EnumerateArray().ToList();
        Assert.Equal(decision.Explanation.Count, steps.Count);
        Assert.Equal(steps.Select(s => s.GetProperty("stage").GetInt32()).Order(), steps.Select(s => s.GetProperty("stage").GetInt32()));
        Assert.Contains(steps, s => s.GetProperty("code").GetString() == "reactiveProposal" && s.GetProperty("text").GetString()!.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_ShowsEveryPolicyWithItsDegradedReasons()
    {
        await using var host = await AdminApiHost.StartAsync();
        host.Policies.Add(new PromoScaler.Testing.Policies.PolicyBuilder().Named("broken").Build(), "target Deployment shop/x not found");
        using var viewer = host.Client(AdminApiHost.ViewerToken);

        using var response = await viewer.GetAsync("/api/v1/policies");

        var body = await response.Body();
        Assert.Equal(["broken", "checkout", "search"], body.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("target Deployment shop/x not found", body[0].GetProperty("degraded")[0].GetString());
        Assert.False(body[1].TryGetProperty("lastDecision", out _));
    }

    [Fact]
    public async Task History_Since_ReturnsTheDecisionsInTheRangeOldestFirst()
    {
        await using var host = await AdminApiHost.StartAsync();
        for (var i = 0; i < 8; i++)
        {
            EngineRun.Decide(host, "checkout", specReplicas: 2, rps: 100 + (i * 100));
            host.Time.Advance(TimeSpan.FromMinutes(15));
        }

        using var viewer = host.Client(AdminApiHost.ViewerToken);

        using var response = await viewer.GetAsync("/api/v1/policies/checkout/history?since=1h");
        using var bad = await viewer.GetAsync("/api/v1/policies/checkout/history?since=yesterday");

        var decisions = (await response.Body()).GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(4, decisions.Count);
        Assert.Equal(decisions.Order(), decisions);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("since", await bad.ProblemField());
    }

    [Fact]
    public async Task OpenApi_ForAViewer_DescribesTheApi()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var viewer = host.Client(AdminApiHost.ViewerToken);

        using var response = await viewer.GetAsync("/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Body()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/policies/{policy}/prewarms/{name}", out var prewarm));
        Assert.True(prewarm.GetProperty("put").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.False(paths.TryGetProperty("/healthz", out _));
    }
}
