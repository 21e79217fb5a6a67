using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using PromoScaler.Prometheus.Configuration;

namespace PromoScaler.Prometheus.Resilience;

/// <summary>
/// Configures the named <see cref="HttpClient"/> of each source (<c>PromoScaler.Prometheus:NAME</c>): TLS trust and no
/// HttpClient-level timeout, since the Polly pipeline owns timeouts.
/// </summary>
internal sealed class PrometheusHttpClientConfigurator(IOptions<PrometheusOptions> options) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(HttpClientFactoryOptions options)
    {
    }

    public void Configure(string? name, HttpClientFactoryOptions factoryOptions)
    {
        ArgumentNullException.ThrowIfNull(factoryOptions);
        if (name is null || !name.StartsWith(PrometheusConstants.HttpClientNamePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var sourceName = name[PrometheusConstants.HttpClientNamePrefix.Length..];
        if (!options.Value.Sources.TryGetValue(sourceName, out var source))
        {
            return;
        }

        factoryOptions.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
        factoryOptions.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = CreateHandler(source.Tls));
    }

    private static SocketsHttpHandler CreateHandler(PrometheusTlsOptions tls)
    {
        var handler = new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All };
        if (tls.InsecureSkipVerify)
        {
            // Explicitly asked for (tests, throwaway clusters); documented as unsafe.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls.CaFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.CaFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && TrustedBy(authorities, certificate, errors));
        }

        return handler;
    }

    /// <summary>Only chain errors may be cured by the extra CA; a name mismatch never is.</summary>
    private static bool TrustedBy(X509Certificate2Collection authorities, X509Certificate certificate, SslPolicyErrors errors)
    {
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
