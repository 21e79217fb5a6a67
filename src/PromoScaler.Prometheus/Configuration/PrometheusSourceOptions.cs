using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PromoScaler.Prometheus.Configuration;

/// <summary>One Prometheus-compatible endpoint (Prometheus, Thanos Query, Cortex, Mimir) and how to call it.</summary>
public sealed class PrometheusSourceOptions
{
    /// <summary>Base URL, <c>http</c> or <c>https</c>, with any path prefix (e.g. <c>https://mimir/prometheus</c>). Required.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Per-attempt timeout, also sent as Prometheus' <c>timeout</c> parameter. Default 5s; 10ms..5m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = PrometheusConstants.DefaultTimeout;

    /// <summary>Budget for one read including retries and backoff; at least <see cref="Timeout"/>. Default 10s; 10ms..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = PrometheusConstants.DefaultTotalTimeout;

    /// <summary>
    /// Queries are evaluated at <c>now - QueryOffset</c>, for remote-write backends whose newest data lags. Default 0s; 0..1h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan QueryOffset { get; set; } = PrometheusConstants.DefaultQueryOffset;

    /// <summary>
    /// Instant queries are evaluated at an instant rounded down to a multiple of this step on the Unix epoch, so the
    /// reads of one query by policies ticking within the same step send one identical request and share it; an answer
    /// is reused for this long after it came. Default 1s; 0s (exact instants, in-flight sharing only)..1m.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan QueryAlignment { get; set; } = PrometheusConstants.DefaultQueryAlignment;

    /// <summary>File holding a bearer token, re-read on every request (rotated tokens). Never logged.</summary>
    public string? BearerTokenFile { get; set; }

    /// <summary>Environment variable holding a bearer token. Never logged.</summary>
    public string? BearerTokenEnvironmentVariable { get; set; }

    /// <summary>HTTP basic authentication; exclusive with a bearer token.</summary>
    [ValidateObjectMembers]
    public PrometheusBasicAuthOptions? BasicAuth { get; set; }

    /// <summary>Extra request headers, e.g. <c>X-Scope-OrgID</c> for a Cortex/Mimir tenant. Not for credentials.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>TLS settings for an <c>https</c> URL.</summary>
    public PrometheusTlsOptions Tls { get; set; } = new();

    /// <summary>Retry on transient failures (connection errors, timeouts, 408, 429, 5xx). Default 2 retries from 200ms.</summary>
    [ValidateObjectMembers]
    public RetryOptions Retry { get; set; } = new() { MaxRetries = PrometheusConstants.DefaultMaxRetries, BaseDelay = PrometheusConstants.DefaultRetryBaseDelay };

    /// <summary>The source's circuit breaker.</summary>
    [ValidateObjectMembers]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new()
    {
        FailureRatio = PrometheusConstants.DefaultFailureRatio,
        MinimumThroughput = PrometheusConstants.DefaultMinimumThroughput,
        SamplingDuration = PrometheusConstants.DefaultSamplingDuration,
        BreakDuration = PrometheusConstants.DefaultBreakDuration,
    };
}

/// <summary>HTTP basic authentication; the password comes from a file or an environment variable, never inline.</summary>
public sealed class PrometheusBasicAuthOptions
{
    /// <summary>User name. Required.</summary>
    [Required]
    public string? Username { get; set; }

    /// <summary>File holding the password, re-read on every request.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Environment variable holding the password.</summary>
    public string? PasswordEnvironmentVariable { get; set; }
}

/// <summary>TLS settings.</summary>
public sealed class PrometheusTlsOptions
{
    /// <summary>PEM file of the CA(s) that sign the server's certificate, trusted in addition to the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>Accept any server certificate. For tests only; exclusive with <see cref="CaFile"/>. Default false.</summary>
    public bool InsecureSkipVerify { get; set; }
}
