using System.Net;
using PromoScaler.Admin.Tests.Http;
using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Endpoints;

/// <summary>Runtime pre-warms at the edges: refused with a problem naming the field, before any state write.</summary>
public sealed class PrewarmBoundaryTests
{
    [Theory]
    [InlineData("""{"start":"0001-01-01T00:00:00Z","replicas":3,"lead":"7d"}""")]
    [InlineData("""{"start":"0001-01-01T00:00:00Z","replicas":3}""")]
    [InlineData("""{"start":"9999-12-31T00:00:00Z","replicas":3}""")]
    [InlineData("""{"start":"9999-12-31T23:59:59.9999999Z","replicas":3,"hold":"7d","rampDown":"7d"}""")]
    [InlineData("""{"start":"8999-12-31T00:00:00Z","replicas":3,"hold":"7d"}""")]
    [InlineData("""{"start":"0001-01-01T00:00:00+01:00","replicas":3}""")]
    public async Task Put_WindowOutsideTheSupportedRange_Answers400NamingStartBeforeAnyWrite(string json)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson("/api/v1/policies/checkout/prewarms/far", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("start", await response.ProblemField());
        Assert.Empty(host.Persistence.Written);
        Assert.Empty(host.Book.For("checkout").Prewarms);
    }

    [Fact]
    public async Task Put_LatestSupportedWindow_IsAccepted()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson("/api/v1/policies/checkout/prewarms/far", """{"start":"8999-12-31T00:00:00Z","replicas":3,"hold":"1d"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("TRUE")]
    [InlineData("")]
    public async Task Put_ReplaceNeitherTrueNorFalse_Answers400NamingReplace(string replace)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson($"/api/v1/policies/checkout/prewarms/flash?replace={replace}", """{"start":"2027-11-11T00:00:00Z","replicas":3}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("replace", await response.ProblemField());
        Assert.Empty(host.Persistence.Written);
    }

    [Theory]
    [InlineData("flash%0A")]
    [InlineData("flash%0D%0Aaudit")]
    [InlineData("%0Aflash")]
    [InlineData("fl%09ash")]
    [InlineData("fl%7Fash")]
    public async Task Put_NameWithAControlCharacter_Answers400AndLogsNothing(string name)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson($"/api/v1/policies/checkout/prewarms/{name}", """{"start":"2027-11-11T00:00:00Z","replicas":3}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("name", await response.ProblemField());
        var detail = await BodyMemberTests.Detail(response);
        Assert.DoesNotContain('\n', detail);
        Assert.DoesNotContain('\t', detail);
        Assert.Empty(host.Book.Audit(null));
    }

    [Fact]
    public async Task Put_StartWithATrailingNewline_IsNotATimestamp()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson("/api/v1/policies/checkout/prewarms/flash", """{"start":"2027-11-11T00:00:00Z\n","replicas":3}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("start", await response.ProblemField());
    }

    [Theory]
    [InlineData("""{"start":"0000-01-01T00:00:00Z","replicas":3}""", "years 0001..9999")]
    [InlineData("""{"start":"2027-13-01T00:00:00Z","replicas":3}""", "years 0001..9999")]
    [InlineData("""{"start":"tomorrow","replicas":3}""", "is not a timestamp")]
    public async Task Put_BadStart_SaysWhichWayItIsWrong(string json, string expected)
    {
        await using var host = await AdminApiHost.StartAsync();
        using var client = host.Client(AdminApiHost.CiToken);

        using var response = await client.PutJson("/api/v1/policies/checkout/prewarms/flash", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await BodyMemberTests.Detail(response), StringComparison.Ordinal);
    }
}
