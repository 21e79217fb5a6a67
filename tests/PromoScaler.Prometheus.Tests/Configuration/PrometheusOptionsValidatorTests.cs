using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.DependencyInjection;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Configuration;

public sealed class PrometheusOptionsValidatorTests
{
    private static OptionsValidationException? Validate(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddPrometheusMetricSource(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<PrometheusOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }

    [Fact]
    public void Validate_MinimalSource_PassesWithDefaults()
    {
        Assert.Null(Validate(new() { ["Sources:default:Url"] = "http://prometheus:9090" }));
    }

    [Fact]
    public void Validate_NoSources_FailsSayingOneIsRequired()
    {
        var error = Validate([]);

        Assert.Contains(error!.Failures, f => f.Contains("at least one source", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryOneWithItsPath()
    {
        var error = Validate(new()
        {
            ["Sources:default:Url"] = "ftp://prometheus",
            ["Sources:default:Timeout"] = "00:00:20",
            ["Sources:default:TotalTimeout"] = "00:00:10",
            ["Sources:default:BearerTokenEnvironmentVariable"] = "TOKEN",
            ["Sources:default:BasicAuth:Username"] = "scaler",
            ["Sources:default:CircuitBreaker:MinimumThroughput"] = "1",
            ["Sources:default:Headers:Authorization"] = "Bearer abc",
            ["Sources:mimir:Tls:InsecureSkipVerify"] = "true",
        });

        var failures = error!.Failures.ToList();
        Assert.Contains(failures, f => f.StartsWith("Prometheus:Sources:default:Url: 'ftp://prometheus/' must be", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Prometheus:Sources:default:TotalTimeout:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("bearer token or BasicAuth, not both", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("exactly one of PasswordFile or PasswordEnvironmentVariable", StringComparison.Ordinal));
        Assert.Contains("Prometheus:Sources:default:CircuitBreaker:MinimumThroughput: The field MinimumThroughput must be between 2 and 1000.", failures);
        Assert.Contains(failures, f => f.StartsWith("Prometheus:Sources:default:Headers:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Prometheus:Sources:mimir:Url:", StringComparison.Ordinal));
        Assert.Equal(7, failures.Count);
    }

    [Fact]
    public void Validate_MissingTokenFile_FailsNamingTheFile()
    {
        var error = Validate(new()
        {
            ["Sources:default:Url"] = "https://prometheus",
            ["Sources:default:BearerTokenFile"] = "/nonexistent/token",
        });

        Assert.Contains(error!.Failures, f => f.Contains("'/nonexistent/token' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CaFileWithACertificate_Passes()
    {
        using var certificates = new TestCertificates();

        Assert.Null(Validate(new()
        {
            ["Sources:default:Url"] = "https://prometheus",
            ["Sources:default:Tls:CaFile"] = certificates.RootPemFile,
        }));
    }

    [Fact]
    public void Validate_MissingCaFile_FailsNamingTheFieldAndTheFile()
    {
        using var certificates = new TestCertificates();

        var error = Validate(new()
        {
            ["Sources:default:Url"] = "https://prometheus",
            ["Sources:default:Tls:CaFile"] = certificates.MissingFile,
        });

        var failure = Assert.Single(error!.Failures);
        Assert.Equal($"Prometheus:Sources:default:Tls:CaFile: file '{certificates.MissingFile}' does not exist.", failure);
    }

    [Fact]
    public void Validate_CaFileWithoutCertificate_FailsNamingTheFieldAndTheFile()
    {
        using var certificates = new TestCertificates();

        var error = Validate(new()
        {
            ["Sources:default:Url"] = "https://prometheus",
            ["Sources:default:Tls:CaFile"] = certificates.NotACertificateFile,
        });

        var failure = Assert.Single(error!.Failures);
        Assert.Equal($"Prometheus:Sources:default:Tls:CaFile: file '{certificates.NotACertificateFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).", failure);
    }

    [Fact]
    public void Validate_CaFileWithCorruptCertificate_FailsNamingTheFieldAndTheFile()
    {
        using var certificates = new TestCertificates();
        var corrupt = certificates.Write("corrupt.pem", "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        var error = Validate(new()
        {
            ["Sources:default:Url"] = "https://prometheus",
            ["Sources:default:Tls:CaFile"] = corrupt,
        });

        var failure = Assert.Single(error!.Failures);
        Assert.StartsWith($"Prometheus:Sources:default:Tls:CaFile: file '{corrupt}' holds a PEM certificate that cannot be read", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NestedAnnotationsOfANamedSource_EachNamesItsKey()
    {
        var error = Validate(new()
        {
            ["Sources:eu.west:Url"] = "http://prometheus:9090",
            ["Sources:eu.west:Retry:MaxRetries"] = "11",
            ["Sources:eu.west:BasicAuth:PasswordEnvironmentVariable"] = "PASSWORD",
            ["Sources:eu.west:QueryOffset"] = "02:00:00",
        });

        Assert.Equal(
            [
                "Prometheus:Sources:eu.west:BasicAuth:Username: The Username field is required.",
                "Prometheus:Sources:eu.west:QueryOffset: The field QueryOffset must be between 00:00:00 and 01:00:00.",
                "Prometheus:Sources:eu.west:Retry:MaxRetries: The field MaxRetries must be between 0 and 10.",
            ],
            error!.Failures.Where(f => f.Contains("The ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
