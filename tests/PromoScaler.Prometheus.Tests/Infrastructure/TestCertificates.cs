using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PromoScaler.Prometheus.Tests.Infrastructure;

/// <summary>
/// Certificates made in memory for the TLS tests: a root CA, an intermediate CA it signs, and server certificates
/// for 127.0.0.1 (SAN IP) signed by either, and one for another name. ECDSA P-256 keeps generation in the milliseconds. The PEM files the
/// options point at are written to a temporary directory, removed on dispose.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("promoscaler-tls-").FullName;

    public TestCertificates()
    {
        var now = TimeProvider.System.GetUtcNow();
        Root = CreateAuthority("CN=PromoScaler Test Root CA", issuer: null, now);
        Intermediate = CreateAuthority("CN=PromoScaler Test Intermediate CA", Root, now);
        OtherRoot = CreateAuthority("CN=Some Other CA", issuer: null, now);
        Server = CreateServer(Root, now);
        ServerUnderIntermediate = CreateServer(Intermediate, now);
        ServerForAnotherName = CreateServer(Root, now, dnsName: "prometheus.example");

        RootPemFile = Write("root-ca.pem", Root.ExportCertificatePem());
        OtherRootPemFile = Write("other-ca.pem", OtherRoot.ExportCertificatePem());
        NotACertificateFile = Write("not-a-certificate.pem", "this is a token, not a PEM certificate\n");
        MissingFile = Path.Combine(_directory, "missing-ca.pem");
    }

    /// <summary>The root CA (with its key).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>An intermediate CA signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Intermediate { get; }

    /// <summary>A root CA that signed nothing the server presents.</summary>
    public X509Certificate2 OtherRoot { get; }

    /// <summary>Server certificate for 127.0.0.1 signed directly by <see cref="Root"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Server certificate for 127.0.0.1 signed by <see cref="Intermediate"/>.</summary>
    public X509Certificate2 ServerUnderIntermediate { get; }

    /// <summary>Server certificate signed by <see cref="Root"/> for the DNS name <c>prometheus.example</c> only.</summary>
    public X509Certificate2 ServerForAnotherName { get; }

    /// <summary>PEM file holding <see cref="Root"/>'s certificate only.</summary>
    public string RootPemFile { get; }

    /// <summary>PEM file holding <see cref="OtherRoot"/>'s certificate.</summary>
    public string OtherRootPemFile { get; }

    /// <summary>A file that exists but holds no certificate.</summary>
    public string NotACertificateFile { get; }

    /// <summary>A path in the temporary directory where no file is.</summary>
    public string MissingFile { get; }

    public void Dispose()
    {
        foreach (var certificate in new[] { Root, Intermediate, OtherRoot, Server, ServerUnderIntermediate, ServerForAnotherName })
        {
            certificate.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Writes <paramref name="content"/> to a file in the temporary directory and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static X509Certificate2 CreateAuthority(string subject, X509Certificate2? issuer, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = request.Create(issuer, now.AddHours(-23), now.AddHours(23), SerialNumber());
        return signed.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 CreateServer(X509Certificate2 issuer, DateTimeOffset now, string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName ?? "127.0.0.1"}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }
        else
        {
            names.AddDnsName(dnsName);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = request.Create(issuer, now.AddHours(-22), now.AddHours(22), SerialNumber());
        return signed.CopyWithPrivateKey(key);
    }

    private static byte[] SerialNumber() => RandomNumberGenerator.GetBytes(12);
}
