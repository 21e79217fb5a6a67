using PromoScaler.Admin.Tests.Infrastructure;

namespace PromoScaler.Admin.Tests.Security;

public sealed class TokenLeakTests
{
    [Fact]
    public async Task AnyRequest_NoTokenTextInAnyCapturedLogLineNorAnswer()
    {
        await using var host = await AdminApiHost.StartAsync();
        var answers = new List<string>();
        foreach (var secret in AdminApiHost.Secrets)
        {
            using var client = host.Client(secret);
            foreach (var call in new Func<Task<HttpResponseMessage>>[]
            {
                () => client.GetAsync("/api/v1/policies"),
                () => client.PostJson("/api/v1/policies/checkout/overrides", """{"kind":"floor","replicas":3,"for":"1h","reason":"r"}"""),
                () => client.PutJson("/api/v1/policies/checkout/prewarms/leak", """{"start":"2027-11-11T00:00:00Z","replicas":3}"""),
                () => client.PostJson("/api/v1/policies/checkout/pause", "{ not json"),
                () => client.GetAsync("/api/v1/audit"),
            })
            {
                using var response = await call();
                answers.Add(await response.Content.ReadAsStringAsync());
            }
        }

        using var basic = host.Client(null);
        basic.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token " + AdminApiHost.OperatorToken);
        using (var response = await basic.GetAsync("/api/v1/policies"))
        {
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.NotEmpty(host.Logs.Lines);
        Assert.Contains(host.Logs.Lines, l => l.Contains("unknown token", StringComparison.Ordinal));
        foreach (var secret in AdminApiHost.Secrets)
        {
            var fragment = secret[3..15];
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(fragment, StringComparison.Ordinal));
            Assert.DoesNotContain(answers, a => a.Contains(fragment, StringComparison.Ordinal));
            Assert.DoesNotContain(host.Book.Audit(null), a => a.ToString().Contains(fragment, StringComparison.Ordinal));
        }
    }
}
