using System.Net;
using PromoScaler.Admin.Tests.Infrastructure;
using PromoScaler.Core.Engine;

namespace PromoScaler.Admin.Tests.Endpoints;

public sealed class OverrideEndpointsTests
{
    [Fact]
    public async Task Set_Floor_IsPersistedOwnedByTheTokenAndFeedsTheEngineControls()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":6,"for":"30m","reason":"payment provider slow"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Body();
        Assert.Equal("alice", body.GetProperty("owner").GetString());
        Assert.Equal(AdminApiHost.Start.AddMinutes(30), body.GetProperty("expiresAt").GetDateTimeOffset());
        var persisted = Assert.Single(host.Persistence.Written).Policies["checkout"].Overrides;
        Assert.Equal(new OperatorOverride(OverrideKind.Floor, 6, "alice", "payment provider slow", AdminApiHost.Start.AddMinutes(30)), Assert.Single(persisted));
        var controls = host.Book.ControlsFor("checkout", host.Time.GetUtcNow());
        Assert.False(controls.Paused);
        Assert.Equal(6, Assert.Single(controls.Overrides).Replicas);
    }

    [Fact]
    public async Task Set_ThenTtlPasses_OverrideNoLongerListedNorApplied()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        using var set = await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"freezeScaleDown","for":"10m","reason":"sale"}""");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        host.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Single(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        using var list = await client.GetAsync("/api/v1/overrides");
        Assert.Equal(0, (await list.Body()).GetArrayLength());
        Assert.Same(OperatorControls.None, host.Book.ControlsFor("checkout", host.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Set_SameKindAgain_ReplacesAndAuditsBeforeAndAfter()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"ceiling","replicas":10,"for":"1h","reason":"first"}""")).Dispose();

        using var second = await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"ceiling","replicas":8,"for":"1h","reason":"tighter"}""");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var active = host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides;
        Assert.Equal(8, Assert.Single(active).Replicas);
        var audit = host.Book.Audit(null);
        Assert.Equal(2, audit.Count);
        Assert.Equal(10, audit[1].Before!.Value.GetProperty("replicas").GetInt32());
        Assert.Equal(8, audit[1].After!.Value.GetProperty("replicas").GetInt32());
        Assert.Equal("tighter", audit[1].Reason);
    }

    [Fact]
    public async Task Set_PinWhileCeilingInForce_Conflicts()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"ceiling","replicas":10,"for":"1h","reason":"cap"}""")).Dispose();

        using var pin = await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"pin","replicas":5,"for":"1h","reason":"pin"}""");

        Assert.Equal(HttpStatusCode.Conflict, pin.StatusCode);
        Assert.Equal("kind", await pin.ProblemField());
        Assert.Single(host.Persistence.Written);
    }

    [Theory]
    [InlineData("""{"kind":"floor","replicas":21,"for":"1h","reason":"r"}""", "replicas")]
    [InlineData("""{"kind":"ceiling","replicas":1,"for":"1h","reason":"r"}""", "replicas")]
    [InlineData("""{"kind":"pin","replicas":1,"for":"1h","reason":"r"}""", "replicas")]
    [InlineData("""{"kind":"floor","for":"1h","reason":"r"}""", "replicas")]
    [InlineData("""{"kind":"freezeScaleUp","replicas":3,"for":"1h","reason":"r"}""", "replicas")]
    [InlineData("""{"kind":"floor","replicas":3,"for":"1h","reason":"r","immediate":true}""", "immediate")]
    [InlineData("""{"kind":"sideways","replicas":3,"for":"1h","reason":"r"}""", "kind")]
    [InlineData("""{"replicas":3,"for":"1h","reason":"r"}""", "kind")]
    [InlineData("""{"kind":"floor","replicas":3,"reason":"r"}""", "for")]
    [InlineData("""{"kind":"floor","replicas":3,"for":"90","reason":"r"}""", "for")]
    [InlineData("""{"kind":"floor","replicas":3,"for":"8d","reason":"r"}""", "for")]
    [InlineData("""{"kind":"floor","replicas":3,"for":"1h"}""", "reason")]
    [InlineData("""{"kind":"floor","replicas":3,"for":"1h","reason":"   "}""", "reason")]
    [InlineData("""{"kind":"floor","replicas":"three","for":"1h","reason":"r"}""", "replicas")]
    [InlineData("""{"kind":"floor","replicas":3,"for":"1h","reason":"r","reson":"typo"}""", "reson")]
    public async Task Set_InvalidBody_Answers400NamingTheFieldAndChangesNothing(string json, string field)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/checkout/overrides", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
        Assert.Empty(host.Persistence.Written);
        Assert.Empty(host.Book.Audit(null));
    }

    [Fact]
    public async Task Set_PinBelowMinWithBelowMin_IsAccepted()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"pin","replicas":0,"for":"1h","reason":"drain","belowMin":true,"immediate":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pin = Assert.Single(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides);
        Assert.True(pin.BelowMin && pin.Immediate);
    }

    [Fact]
    public async Task Set_UnknownPolicy_Answers404()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);

        using var response = await client.PostJson("/api/v1/policies/nope/overrides", """{"kind":"floor","replicas":3,"for":"1h","reason":"r"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("policy", await response.ProblemField());
    }

    [Fact]
    public async Task Set_PersistRefused_Answers503AndChangesNothing()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        host.Persistence.Refusal = "not the leader; the leader is promoscaler-0";

        using var response = await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":3,"for":"1h","reason":"r"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("promoscaler-0", (await response.Body()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Same(OperatorControls.None, host.Book.ControlsFor("checkout", host.Time.GetUtcNow()));
        Assert.Empty(host.Book.Audit(null));
    }

    [Fact]
    public async Task Clear_OneKind_RemovesOnlyThatKind()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.OperatorToken);
        (await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":3,"for":"1h","reason":"r"}""")).Dispose();
        (await client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"freezeScaleDown","for":"1h","reason":"r"}""")).Dispose();

        using var cleared = await client.DeleteAsync("/api/v1/policies/checkout/overrides?kind=floor&reason=done");
        using var again = await client.DeleteAsync("/api/v1/policies/checkout/overrides?kind=floor");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(OverrideKind.FreezeScaleDown, Assert.Single(host.Book.ControlsFor("checkout", host.Time.GetUtcNow()).Overrides).Kind);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var entry = host.Book.Audit(null)[^1];
        Assert.Equal(("override.clear", "floor", "done"), (entry.Action, entry.Subject, entry.Reason));
        Assert.Null(entry.After);
    }
}
