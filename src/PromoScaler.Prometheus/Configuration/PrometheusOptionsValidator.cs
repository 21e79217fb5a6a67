using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PromoScaler.Prometheus.Configuration;

/// <summary>
/// Validates every source at start: the data annotations of each source and of its nested sections
/// (<see cref="PrometheusSourceOptionsAnnotations"/>, generated; the generator does not descend into a dictionary, so
/// the sources are walked here), then the rules that span fields. Collects every error, not the first only.
/// </summary>
internal sealed class PrometheusOptionsValidator : IValidateOptions<PrometheusOptions>
{
    private static readonly PrometheusSourceOptionsAnnotations Annotations = new();

    public ValidateOptionsResult Validate(string? name, PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Sources.Count == 0)
        {
            errors.Add($"{PrometheusConstants.ConfigurationSection}:Sources: at least one source is required (a metric without 'source' uses 'default').");
        }

        foreach (var (sourceName, source) in options.Sources)
        {
            var path = $"{PrometheusConstants.ConfigurationSection}:Sources:{sourceName}";
            if (source is null)
            {
                errors.Add($"{path}: the source is empty.");
                continue;
            }

            errors.AddRange(new ConfigurationKeyValidator<PrometheusSourceOptions>(path, Annotations).Validate(name, source).Failures ?? []);
            CrossField(source, path, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// Why the CA file cannot serve as trust, or null. Loaded here as the HTTP handler will load it, so a wrong file
    /// stops the start instead of failing every read later.
    /// </summary>
    private static string? CaFileProblem(string caFile)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(caFile);
        }
        catch (CryptographicException ex)
        {
            return $"holds a PEM certificate that cannot be read ({ex.Message})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({ex.GetType().Name})";
        }

        var count = certificates.Count;
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }

        return count == 0 ? "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : null;
    }

    private static void CrossField(PrometheusSourceOptions source, string path, List<string> errors)
    {
        if (source.Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{path}:Url: '{url}' must be an absolute http or https URL.");
        }

        if (ResilienceValidation.TotalTimeoutProblem(path, source.Timeout, source.TotalTimeout) is { } budget)
        {
            errors.Add(budget);
        }

        var bearer = source.BearerTokenFile is not null || source.BearerTokenEnvironmentVariable is not null;
        if (source.BearerTokenFile is not null && source.BearerTokenEnvironmentVariable is not null)
        {
            errors.Add($"{path}: set BearerTokenFile or BearerTokenEnvironmentVariable, not both.");
        }

        if (bearer && source.BasicAuth is not null)
        {
            errors.Add($"{path}: set a bearer token or BasicAuth, not both.");
        }

        if (source.BasicAuth is { } basic && (basic.PasswordFile is null) == (basic.PasswordEnvironmentVariable is null))
        {
            errors.Add($"{path}:BasicAuth: set exactly one of PasswordFile or PasswordEnvironmentVariable.");
        }

        foreach (var (field, file) in new[] { ("BearerTokenFile", source.BearerTokenFile), ("BasicAuth:PasswordFile", source.BasicAuth?.PasswordFile), ("Tls:CaFile", source.Tls.CaFile) })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{path}:{field}: file '{file}' does not exist.");
            }
        }

        if (source.Tls.CaFile is { } caFile && File.Exists(caFile) && CaFileProblem(caFile) is { } problem)
        {
            errors.Add($"{path}:Tls:CaFile: file '{caFile}' {problem}.");
        }

        if (source.Tls.InsecureSkipVerify && source.Tls.CaFile is not null)
        {
            errors.Add($"{path}:Tls: CaFile and InsecureSkipVerify contradict each other; set one.");
        }

        if (source.Headers.ContainsKey("Authorization"))
        {
            errors.Add($"{path}:Headers: put credentials in BearerToken* or BasicAuth, not in a plain header.");
        }
    }
}

/// <summary>The data annotations of one source and of its <c>BasicAuth</c>, <c>Retry</c> and <c>CircuitBreaker</c>, generated.</summary>
[OptionsValidator]
internal sealed partial class PrometheusSourceOptionsAnnotations : IValidateOptions<PrometheusSourceOptions>;
