using System.Text;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Api;

public sealed class PrometheusRequestTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricSpec Rps = new("rps", "sum(rate(x[1m]))", 100);

    [Fact]
    public async Task ReadAsync_BearerTokenFileAndTenantHeader_AreSentOnTheRequest()
    {
        await using var stub = new StubPrometheusEndpoint();
        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenFile, "s3cret-token\n");
            using var harness = SourceHarness.Create(new Uri(stub.Url, "prometheus/"), settings: new Dictionary<string, string?>
            {
                ["Sources:default:BearerTokenFile"] = tokenFile,
                ["Sources:default:Headers:X-Scope-OrgID"] = "shop",
            });

            await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);
        }
        finally
        {
            File.Delete(tokenFile);
        }

        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST /prometheus/api/v1/query HTTP/1.1", request.RequestLine);
        Assert.Equal("Bearer s3cret-token", request.Headers["authorization"]);
        Assert.Equal("shop", request.Headers["x-scope-orgid"]);
    }

    [Fact]
    public async Task ReadAsync_BasicAuthFromEnvironment_SendsEncodedCredentials()
    {
        await using var stub = new StubPrometheusEndpoint();
        var variable = "PROMOSCALER_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "pa55");
        try
        {
            using var harness = SourceHarness.Create(stub.Url, settings: new Dictionary<string, string?>
            {
                ["Sources:default:BasicAuth:Username"] = "scaler",
                ["Sources:default:BasicAuth:PasswordEnvironmentVariable"] = variable,
            });

            await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("scaler:pa55"));
        Assert.Equal(expected, Assert.Single(stub.Requests).Headers["authorization"]);
    }

    [Fact]
    public async Task ReadAsync_EmptyTokenVariable_FailsWithoutSendingOrRevealingIt()
    {
        await using var stub = new StubPrometheusEndpoint();
        using var harness = SourceHarness.Create(stub.Url, settings: new Dictionary<string, string?>
        {
            ["Sources:default:BearerTokenEnvironmentVariable"] = "PROMOSCALER_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
        });

        var reading = await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);

        Assert.Equal(ReadFailure.ReadFailed, reading.Failure);
        Assert.Contains("bearer token", reading.Detail, StringComparison.Ordinal);
        Assert.Equal(0, stub.RequestCount);
    }

    [Fact]
    public async Task ReadAsync_ResponseWithWarnings_KeepsThemOnTheReading()
    {
        await using var stub = new StubPrometheusEndpoint();
        stub.Respond = _ => Task.FromResult((200, """
            {"status":"success","warnings":["partial response: store eu-1 unreachable"],
             "data":{"resultType":"vector","result":[{"metric":{},"value":[1762819200,"5"]}]}}
            """));
        using var harness = SourceHarness.Create(stub.Url);

        var reading = await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);

        Assert.Equal(5, reading.Value);
        Assert.Equal(["partial response: store eu-1 unreachable"], reading.Warnings);
    }
}
