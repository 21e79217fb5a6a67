using System.Net;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Endpoints;

public sealed class PauseEndpointsTests
{
    [Fact]
    public async Task Pause_ThenTtlPasses_PolicyRunsAgain()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);

        using var paused = await client.PostJson("/api/v1/policies/checkout/pause", """{"for":"15m","reason":"investigating"}""");

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Paused);
        host.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Paused);
        using var resume = await client.PostAsync("/api/v1/policies/checkout/resume", null);
        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
    }

    [Fact]
    public async Task Resume_WhilePaused_EndsThePauseAndAuditsIt()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/pause", """{"for":"1h","reason":"investigating"}""")).Dispose();

        using var resumed = await client.PostJson("/api/v1/policies/checkout/resume", """{"reason":"fixed"}""");

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Paused);
        Assert.Equal(["pause", "resume"], host.Book.Audit(null).Select(a => a.Action));
        Assert.Equal("fixed", host.Book.Audit(null)[^1].Reason);
        Assert.Null(host.Persistence.Last!.Policies.GetValueOrDefault("checkout"));
    }

    [Theory]
    [InlineData("""{"reason":"r"}""", "for")]
    [InlineData("""{"for":"1h"}""", "reason")]
    [InlineData("""{"for":"1h","reason":"line\nbreak"}""", "reason")]
    public async Task Pause_InvalidBody_Answers400NamingTheField(string json, string field)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/checkout/pause", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
        Assert.False(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Paused);
    }
}
