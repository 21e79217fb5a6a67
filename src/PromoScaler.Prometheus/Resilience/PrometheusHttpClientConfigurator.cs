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
            handler.SslOptions.CertificateChainPolicy = TrustingAlso(tls.CaFile);
        }

        return handler;
    }

    /// <summary>
    /// The platform's own validation with the CA file's certificates as extra roots. A chain policy rather than a
    /// validation callback, so that intermediates the server presents are used, the host name is still checked, and
    /// a refusal names its cause (<c>UntrustedRoot</c>, <c>RemoteCertificateNameMismatch</c>) in the error. Custom
    /// root trust replaces the system roots, so they are added back: the CA file trusts in addition to them.
    /// </summary>
    private static X509ChainPolicy TrustingAlso(string caFile)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // As the handler's default (CertificateRevocationCheckMode NoCheck); the policy's own default is Online.
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.ImportFromPemFile(caFile);
        using var system = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        system.Open(OpenFlags.ReadOnly);
        policy.CustomTrustStore.AddRange(system.Certificates);
        return policy;
    }
}
