using System.Net;
using PromoScaler.Admin.Tests.Infrastructure;
using PromoScaler.Core.Engine;

namespace PromoScaler.Admin.Tests.Endpoints;

/// <summary>
/// A target held at zero is a pause-like state with a named way out: an operator's pin at 0 (checkout's minReplicas is
/// 2) ends with its TTL, <c>resume</c> or <c>override clear</c>; a target scaled to zero outside PromoScaler is woken by
/// <c>resume</c>. Remaining times are counted on the daemon's clock.
/// </summary>
public sealed class ZeroAndResumeTests
{
    private const string ZeroPin = """{"kind":"pin","replicas":0,"belowMin":true,"for":"30m","reason":"drain for the migration"}""";

    [Fact]
    public async Task PinAtZero_ShowsAsAZeroStateWithItsExpiryRemainingAndWayOut()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", ZeroPin)).Dispose();
        host.Time.Advance(TimeSpan.FromMinutes(10));

        using var response = await client.GetAsync("/api/v1/policies/checkout");
        var body = await response.Body();

        var zero = body.GetProperty("zero");
        Assert.Equal("override", zero.GetProperty("cause").GetString());
        Assert.Equal("20m", zero.GetProperty("remaining").GetString());
        Assert.Equal("promoscaler resume checkout", zero.GetProperty("wayOut").GetString());
        Assert.Equal(host.Time.GetUtcNow(), body.GetProperty("now").GetDateTimeOffset());
        Assert.Equal("20m", body.GetProperty("overrides")[0].GetProperty("remaining").GetString());
    }

    [Fact]
    public async Task PinAtZero_AfterItsTtl_IsNoLongerAZeroState()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", ZeroPin)).Dispose();
        host.Time.Advance(TimeSpan.FromMinutes(30));

        using var response = await client.GetAsync("/api/v1/policies/checkout");
        var body = await response.Body();

        Assert.False(body.TryGetProperty("zero", out _));
        Assert.Empty(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides);
    }

    [Fact]
    public async Task Resume_PinAtZero_ClearsItAndAuditsIt()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", ZeroPin)).Dispose();

        using var resumed = await client.PostJson("/api/v1/policies/checkout/resume", """{"reason":"migration done"}""");
        var body = await resumed.Body();

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(0, body.GetProperty("cleared").GetProperty("replicas").GetInt32());
        Assert.False(body.GetProperty("scaledToZero").GetBoolean());
        Assert.Empty(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides);
        Assert.Equal(["override.set", "resume"], host.Book.Audit(null).Select(a => a.Action));
    }

    [Fact]
    public async Task Resume_OtherOverrides_AreKept()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", ZeroPin)).Dispose();
        (await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"freezeScaleDown","for":"1h","reason":"sale"}""")).Dispose();

        using var resumed = await client.PostAsync("/api/v1/policies/checkout/resume", null);

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var left = Assert.Single(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides);
        Assert.Equal(OverrideKind.FreezeScaleDown, left.Kind);
    }

    [Fact]
    public async Task Resume_TargetScaledToZeroOutside_RecordsTheResumeTheEngineWakesOn()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        var stopped = EngineRun.Decide(host, "checkout", specReplicas: 0, rps: 500);
        Assert.Equal(ReasonCode.TargetScaledToZero, stopped.Reason);
        using (var status = await client.GetAsync("/api/v1/policies/checkout"))
        {
            Assert.Equal("outside", (await status.Body()).GetProperty("zero").GetProperty("cause").GetString());
        }

        host.Time.Advance(TimeSpan.FromSeconds(5));
        using var resumed = await client.PostAsync("/api/v1/policies/checkout/resume", null);

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.True((await resumed.Body()).GetProperty("scaledToZero").GetBoolean());
        var controls = host.Book.ControlsFor("checkout", host.Time.GetUtcNow());
        Assert.Equal(host.Time.GetUtcNow(), controls.ResumedAt);
        var woken = DecisionEngine.Decide(new DecisionInput(host.Policies.Find("checkout")!.Policy, new TargetObservation(0),
            [MetricReading.Of("rps", 500, host.Time.GetUtcNow())], null, controls, stopped.State, host.Time.GetUtcNow()));
        Assert.Equal(DecisionAction.Scale, woken.Action);
        Assert.True(woken.Desired >= 2);
    }

    [Fact]
    public async Task Resume_NothingToResume_Answers404SayingWhatWasLookedFor()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        EngineRun.Decide(host, "checkout", specReplicas: 3, rps: 300);

        using var resumed = await client.PostAsync("/api/v1/policies/checkout/resume", null);
        var body = await resumed.Body();

        Assert.Equal(HttpStatusCode.NotFound, resumed.StatusCode);
        Assert.Contains("not paused, pinned at zero or scaled to zero", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Book.Audit(null));
    }

    [Fact]
    public async Task Lists_CarryTheRemainingTimeOnTheDaemonsClock()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":5,"for":"30m","reason":"r"}""")).Dispose();
        (await client.PostJson("/api/v1/policies/checkout/pause", """{"for":"2h","reason":"r"}""")).Dispose();
        var start = host.Time.GetUtcNow().AddHours(1);
        (await client.PutJson("/api/v1/policies/checkout/prewarms/sale", $$"""{"start":"{{start:yyyy-MM-ddTHH:mm:ssZ}}","replicas":8,"lead":"30m","hold":"1h"}""")).Dispose();
        host.Time.Advance(TimeSpan.FromMinutes(12));

        using var overrides = await client.GetAsync("/api/v1/overrides");
        using var prewarms = await client.GetAsync("/api/v1/prewarms");
        using var policy = await client.GetAsync("/api/v1/policies/checkout");

        Assert.Equal("18m", (await overrides.Body())[0].GetProperty("remaining").GetString());
        var prewarm = (await prewarms.Body())[0];
        Assert.Equal("18m", prewarm.GetProperty("activeIn").GetString());
        Assert.Equal("108m", prewarm.GetProperty("remaining").GetString());
        Assert.Equal("108m", (await policy.Body()).GetProperty("pause").GetProperty("remaining").GetString());
        // The audit keeps what was asked, not a time left.
        Assert.All(host.Book.Audit(null), a => Assert.False(a.After!.Value.TryGetProperty("remaining", out _)));
    }
}
