using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Resilience;

/// <summary>
/// TLS trust of a source (<c>Tls.CaFile</c>, <c>Tls.InsecureSkipVerify</c>) against a real HTTPS endpoint on
/// 127.0.0.1 whose certificate chains to a CA made for the test, which no system store trusts.
/// </summary>
public sealed class PrometheusHttpClientConfiguratorTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricSpec Rps = new("rps", "sum(rate(x[1m]))", 100);
    private const string Secret = "tls-test-bearer-s3cr3t";

    private static async Task<MetricReading> ReadAsync(StubPrometheusEndpoint endpoint, Dictionary<string, string?> settings)
    {
        using var harness = SourceHarness.Create(endpoint.Url, settings: settings);
        return await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_CaFileHoldsTheServersCa_ReadsTheValue()
    {
        using var certificates = new TestCertificates();
        await using var endpoint = new StubPrometheusEndpoint(certificates.Server);

        var reading = await ReadAsync(endpoint, new() { ["Sources:default:Tls:CaFile"] = certificates.RootPemFile });

        Assert.Null(reading.Failure);
        Assert.Equal(7, reading.Value);
        Assert.Equal(1, endpoint.RequestCount);
    }

    [Fact]
    public async Task ReadAsync_ServerPresentsIntermediateAndCaFileHoldsOnlyTheRoot_ReadsTheValue()
    {
        using var certificates = new TestCertificates();
        await using var endpoint = new StubPrometheusEndpoint(certificates.ServerUnderIntermediate, [certificates.Intermediate]);

        var reading = await ReadAsync(endpoint, new() { ["Sources:default:Tls:CaFile"] = certificates.RootPemFile });

        Assert.Null(reading.Failure);
        Assert.Equal(7, reading.Value);
    }

    [Fact]
    public async Task ReadAsync_UntrustedCertificateWithoutCaFile_FailsAsReadFailedNamingTheCertificateProblemWithoutTheToken()
    {
        using var certificates = new TestCertificates();
        await using var endpoint = new StubPrometheusEndpoint(certificates.Server);
        var tokenFile = certificates.Write("token", Secret);

        var reading = await ReadAsync(endpoint, new() { ["Sources:default:BearerTokenFile"] = tokenFile });

        Assert.Equal(ReadFailure.ReadFailed, reading.Failure);
        Assert.Null(reading.Value);
        // The server presents only its own certificate; its issuer is nowhere to be found.
        Assert.Contains("remote certificate is invalid because of errors in the certificate chain: PartialChain", reading.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, reading.Detail, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.RequestCount); // the handshake failed, so no request (and no token) was sent
    }

    [Fact]
    public async Task ReadAsync_CaFileOfAnotherCa_FailsAsReadFailedNamingTheCertificateProblem()
    {
        using var certificates = new TestCertificates();
        await using var endpoint = new StubPrometheusEndpoint(certificates.Server);

        var reading = await ReadAsync(endpoint, new() { ["Sources:default:Tls:CaFile"] = certificates.OtherRootPemFile });

        Assert.Equal(ReadFailure.ReadFailed, reading.Failure);
        Assert.Contains("errors in the certificate chain: PartialChain", reading.Detail, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.RequestCount);
    }

    [Fact]
    public async Task ReadAsync_InsecureSkipVerify_ReadsTheValueFromAnUntrustedServer()
    {
        using var certificates = new TestCertificates();
        await using var endpoint = new StubPrometheusEndpoint(certificates.Server);

        var reading = await ReadAsync(endpoint, new() { ["Sources:default:Tls:InsecureSkipVerify"] = "true" });

        Assert.Null(reading.Failure);
        Assert.Equal(7, reading.Value);
    }

    [Fact]
    public async Task ReadAsync_CaFileButCertificateForAnotherName_FailsAsReadFailed()
    {
        // The CA file cures chain errors only: a certificate the CA signed for another host is still refused.
        using var certificates = new TestCertificates();
        await using var endpoint = new StubPrometheusEndpoint(certificates.ServerForAnotherName);

        var reading = await ReadAsync(endpoint, new() { ["Sources:default:Tls:CaFile"] = certificates.RootPemFile });

        Assert.Equal(ReadFailure.ReadFailed, reading.Failure);
        Assert.Contains("RemoteCertificateNameMismatch", reading.Detail, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.RequestCount);
    }
}
