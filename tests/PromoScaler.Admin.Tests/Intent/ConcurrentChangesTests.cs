using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Intent;

public sealed class ConcurrentChangesTests
{
    [Fact]
    public async Task FiftyConcurrentChanges_AreAllPersistedAndAuditedWithoutGaps()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var operatorClient = host.Client(AdminApiHost.OperatorToken);
        using var ciClient = host.Client(AdminApiHost.CiToken);

        var requests = Enumerable.Range(0, 50).Select(i => (i % 2) switch
        {
            0 => ciClient.PutJson($"/api/v1/policies/checkout/prewarms/sale-{i}", $$"""{"start":"2027-11-11T00:00:00Z","replicas":{{i + 1}}}"""),
            _ => operatorClient.PostJson($"/api/v1/policies/{(i % 4 == 1 ? "checkout" : "search")}/overrides",
                $$"""{"kind":"floor","replicas":{{(i % 9) + 1}},"for":"1h","reason":"change {{i}}"}"""),
        }).ToList();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var audit = host.Book.Audit(null);
        Assert.Equal(50, audit.Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), audit.Select(a => a.Sequence));
        Assert.Equal(50, host.Persistence.Written.Count);
        Assert.Equal(25, host.Persistence.Last!.Policies["checkout"].Prewarms.Count);
        Assert.Equal(audit, host.Persistence.Last.Audit);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
