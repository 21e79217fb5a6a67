using System.Net;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Endpoints;

public sealed class PrewarmEndpointsTests
{
    private const string Sale = """{"start":"2027-11-11T00:00:00+08:00","replicas":12,"lead":"30m","hold":"2h","reason":"singles day"}""";

    [Fact]
    public async Task Put_SameNameAndBodyTwice_IsOnePrewarm()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var first = await client.PutJson("/api/v1/policies/checkout/prewarms/double-11", Sale);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        using var second = await client.PutJson("/api/v1/policies/checkout/prewarms/double-11", Sale);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Body()).GetProperty("createdAt").GetDateTimeOffset(), (await second.Body()).GetProperty("createdAt").GetDateTimeOffset());
        Assert.Single(host.Book.For("checkout").Prewarms);
        Assert.Single(host.Book.Audit(null));
        Assert.Single(host.Persistence.Written);
        Assert.Equal("release-pipeline", host.Book.For("checkout").Prewarms[0].Owner);
    }

    [Fact]
    public async Task Put_DifferentBodySameName_ConflictsUnlessReplace()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);
        (await client.PutJson("/api/v1/policies/checkout/prewarms/double-11", Sale)).Dispose();
        var bigger = Sale.Replace("\"replicas\":12", "\"replicas\":16", StringComparison.Ordinal);

        using var conflict = await client.PutJson("/api/v1/policies/checkout/prewarms/double-11", bigger);
        using var replaced = await client.PutJson("/api/v1/policies/checkout/prewarms/double-11?replace=true", bigger);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("name", await conflict.ProblemField());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(16, Assert.Single(host.Book.For("checkout").Prewarms).Replicas);
        var entry = host.Book.Audit(null)[^1];
        Assert.Equal("prewarm.replace", entry.Action);
        Assert.Equal(12, entry.Before!.Value.GetProperty("replicas").GetInt32());
    }

    [Fact]
    public async Task Put_NameOfADeclaredPrewarm_Conflicts()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson("/api/v1/policies/search/prewarms/black-friday", Sale);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty(host.Persistence.Written);
    }

    [Theory]
    [InlineData("double-11", """{"replicas":12}""", "start")]
    [InlineData("double-11", """{"start":"2027-11-11T00:00:00","replicas":12}""", "start")]
    [InlineData("double-11", """{"start":"2027-11-09T00:00:00Z","replicas":12}""", "start")]
    [InlineData("double-11", """{"start":"2027-11-11T00:00:00Z"}""", "replicas")]
    [InlineData("double-11", """{"start":"2027-11-11T00:00:00Z","replicas":0}""", "replicas")]
    [InlineData("double-11", """{"start":"2027-11-11T00:00:00Z","replicas":3,"lead":"soon"}""", "lead")]
    [InlineData("double-11", """{"start":"2027-11-11T00:00:00Z","replicas":3,"hold":"30d"}""", "hold")]
    [InlineData("Double_11", """{"start":"2027-11-11T00:00:00Z","replicas":3}""", "name")]
    public async Task Put_Invalid_Answers400NamingTheField(string name, string json, string field)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson($"/api/v1/policies/checkout/prewarms/{name}", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemField());
    }

    [Fact]
    public async Task Put_WithoutLead_LeadIsStartupPlusInterval()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson("/api/v1/policies/checkout/prewarms/flash", """{"start":"2027-11-10T13:00:00Z","replicas":5}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Body();
        Assert.Equal("75s", body.GetProperty("lead").GetString());
        Assert.Equal("1h", body.GetProperty("hold").GetString());
        Assert.Equal("pending", body.GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Get_ActiveWindowTakenByTheTarget_ReportsApplied()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);
        (await client.PutJson("/api/v1/policies/checkout/prewarms/flash", """{"start":"2027-11-10T12:10:00Z","replicas":6,"lead":"10m"}""")).Dispose();

        var decision = EngineRun.Decide(host, "checkout", specReplicas: 2, rps: 100);
        using var before = await client.GetAsync("/api/v1/policies/checkout/prewarms/flash");
        host.Time.Advance(TimeSpan.FromSeconds(15));
        EngineRun.Decide(host, "checkout", specReplicas: decision.Desired, rps: 100);
        using var after = await client.GetAsync("/api/v1/policies/checkout/prewarms/flash");

        Assert.Equal(6, decision.Desired);
        var pending = await before.Body();
        Assert.False(pending.GetProperty("applied").GetBoolean());
        Assert.Equal("prewarmFloor", pending.GetProperty("reason").GetString());
        var applied = await after.Body();
        Assert.True(applied.GetProperty("applied").GetBoolean());
        Assert.Equal(6, applied.GetProperty("specReplicas").GetInt32());
        Assert.Equal(6, applied.GetProperty("floorNow").GetInt32());
    }

    [Fact]
    public async Task Get_FloorAboveMaxReplicas_ReportsTheClipNotApplied()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);
        (await client.PutJson("/api/v1/policies/checkout/prewarms/huge", """{"start":"2027-11-10T12:10:00Z","replicas":50,"lead":"10m"}""")).Dispose();

        EngineRun.Decide(host, "checkout", specReplicas: 20, rps: 100);
        using var response = await client.GetAsync("/api/v1/policies/checkout/prewarms/huge");

        var body = await response.Body();
        Assert.False(body.GetProperty("applied").GetBoolean());
        Assert.Equal("prewarmClampedToMax", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Delete_RemovesTheFloorFromWhatTheEngineSees()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);
        (await client.PutJson("/api/v1/policies/checkout/prewarms/flash", """{"start":"2027-11-10T12:10:00Z","replicas":6,"lead":"10m"}""")).Dispose();
        Assert.Single(host.Book.WithRuntimePrewarms(host.Policies.Find("checkout")!.Policy, host.Time.GetUtcNow()).Spec.Prewarm);

        using var deleted = await client.DeleteAsync("/api/v1/policies/checkout/prewarms/flash");
        using var again = await client.DeleteAsync("/api/v1/policies/checkout/prewarms/flash");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(host.Book.WithRuntimePrewarms(host.Policies.Find("checkout")!.Policy, host.Time.GetUtcNow()).Spec.Prewarm);
        Assert.Equal(2, EngineRun.Decide(host, "checkout", specReplicas: 2, rps: 100).Desired);
    }
}
