using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using PromoScaler.Core.Engine;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.Resilience;
using PromoScaler.Prometheus.Telemetry;

namespace PromoScaler.Prometheus.Api;

/// <summary>
/// Prometheus HTTP API v1 client over the configured sources: instant <c>query</c> at a given time and chunked
/// <c>query_range</c>. Each call goes through its source's resilience pipeline and carries Prometheus' own
/// <c>timeout</c> parameter equal to the per-attempt timeout. Failures are thrown as
/// <see cref="PrometheusQueryException"/> typed with <see cref="ReadFailure"/>.
/// </summary>
public sealed class PrometheusQueryClient : IDisposable
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly PrometheusOptions _options;
    private readonly PrometheusSourceMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly JitterSource _jitter;
    private readonly ILogger _logger;
    private readonly QueryCoalescer _coalescer;
    private readonly ResiliencePipelineRegistry<string> _pipelines = new(new ResiliencePipelineRegistryOptions<string>
    {
        BuilderComparer = StringComparer.Ordinal,
        PipelineComparer = StringComparer.Ordinal,
    });

    /// <summary>Creates the client; normally resolved from DI (<c>AddPrometheusMetricSource</c>).</summary>
    public PrometheusQueryClient(
        IHttpClientFactory httpClientFactory,
        IOptions<PrometheusOptions> options,
        PrometheusSourceMetrics metrics,
        TimeProvider timeProvider,
        JitterSource jitter,
        ILogger<PrometheusQueryClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _jitter = jitter;
        _logger = logger;
        _coalescer = new QueryCoalescer(timeProvider);
    }

    /// <summary>Disposes the sources' pipelines (their circuit breakers and timers).</summary>
    public void Dispose() => _pipelines.Dispose();

    /// <summary>The configured source names.</summary>
    public IReadOnlyCollection<string> SourceNames => _options.Sources.Keys.ToList();

    /// <summary>The options of source <paramref name="source"/>, or null when it is not configured.</summary>
    public PrometheusSourceOptions? FindSource(string source) => _options.Sources.TryGetValue(source, out var s) ? s : null;

    /// <summary>Evaluates <paramref name="query"/> at <paramref name="time"/> (<c>/api/v1/query</c>), no offset applied; identical queries share one request (<see cref="QueryCoalescer"/>).</summary>
    public async Task<PrometheusQueryResult> QueryAsync(string source, string query, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = Source(source);
        var form = new Dictionary<string, string>
        {
            ["query"] = query,
            ["time"] = UnixSeconds(time),
            ["timeout"] = PromDuration(options.Timeout),
        };
        var key = new QueryKey(source, query, time.ToUnixTimeMilliseconds());
        return await _coalescer.QueryAsync(
            key, options.QueryAlignment, ct => CallAsync(source, options, "api/v1/query", form, ct), sharing => _metrics.Shared(source, sharing), cancellationToken);
    }

    /// <summary>
    /// Evaluates <paramref name="query"/> at <c>start + k x step</c> up to <paramref name="end"/> (<c>/api/v1/query_range</c>),
    /// in chunks of at most 11,000 points (Prometheus' per-series limit), merged by label set.
    /// </summary>
    public async Task<PrometheusQueryResult> QueryRangeAsync(
        string source,
        string query,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan step,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        var options = Source(source);
        var merged = new Dictionary<string, (PrometheusSeries Series, List<PrometheusSample> Samples)>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var chunkSpan = step * (PrometheusConstants.MaxPointsPerRangeQuery - 1);
        for (var chunkStart = start; chunkStart <= end; chunkStart = chunkStart + chunkSpan + step)
        {
            var chunkEnd = chunkStart + chunkSpan < end ? chunkStart + chunkSpan : end;
            Log.RangeChunk(_logger, source, chunkStart, chunkEnd, step);
            var form = new Dictionary<string, string>
            {
                ["query"] = query,
                ["start"] = UnixSeconds(chunkStart),
                ["end"] = UnixSeconds(chunkEnd),
                ["step"] = PromDuration(step),
                ["timeout"] = PromDuration(options.Timeout),
            };
            var chunk = await CallAsync(source, options, "api/v1/query_range", form, cancellationToken);
            warnings.AddRange(chunk.Warnings.Where(w => !warnings.Contains(w)));
            foreach (var series in chunk.Series)
            {
                var key = series.LabelText;
                if (!merged.TryGetValue(key, out var entry))
                {
                    entry = (series, []);
                    merged[key] = entry;
                }

                entry.Samples.AddRange(series.Samples);
            }
        }

        var result = merged.Values.Select(e => e.Series with { Samples = e.Samples }).ToList();
        return new PrometheusQueryResult(PrometheusResultType.Matrix, result, warnings);
    }

    private PrometheusSourceOptions Source(string source) =>
        FindSource(source) ?? throw new PrometheusQueryException(
            source, ReadFailure.ReadFailed, $"no Prometheus source named '{source}' is configured (have: {string.Join(", ", _options.Sources.Keys)})");

    private async Task<PrometheusQueryResult> CallAsync(
        string source,
        PrometheusSourceOptions options,
        string path,
        Dictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        try
        {
            var credentials = await CredentialsAsync(source, options, cancellationToken);
            var pipeline = _pipelines.GetOrAddPipeline<PrometheusHttpResponse>(source, (builder, context) =>
                PrometheusPipelineFactory.Configure(builder, context.PipelineKey, options, _timeProvider, _jitter, _metrics, _logger));
            var endpoint = new Uri(options.Url!.AbsoluteUri.TrimEnd('/') + "/" + path);
            var state = (Client: this, Source: source, Options: options, Endpoint: endpoint, Form: form, Credentials: credentials);
            PrometheusHttpResponse response;
            try
            {
                response = await pipeline.ExecuteAsync(
                    static (s, ct) => s.Client.SendOnceAsync(s.Source, s.Options, s.Endpoint, s.Form, s.Credentials, ct),
                    state,
                    cancellationToken);
            }
            catch (BrokenCircuitException ex)
            {
                throw new PrometheusQueryException(source, ReadFailure.CircuitOpen, "circuit breaker open; nothing was sent" + RetryAfter(ex), ex);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new PrometheusQueryException(source, ReadFailure.Timeout, $"no answer within {ex.Timeout.TotalSeconds:0.###}s", ex);
            }
            // CryptographicException: the handler is rebuilt every few minutes and re-reads Tls.CaFile, which may
            // have been replaced by an unreadable file since start; that is a failed read, never an escape.
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Security.Cryptography.CryptographicException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new PrometheusQueryException(source, ReadFailure.ReadFailed, Describe(ex), ex);
            }

            var result = PrometheusResponseParser.Parse(source, response.Status, response.Body);
            foreach (var warning in result.Warnings)
            {
                Log.QueryWarning(_logger, source, warning);
            }

            _metrics.Observe(source, PrometheusSourceMetrics.SuccessOutcome, _timeProvider.GetElapsedTime(started));
            return result;
        }
        catch (PrometheusQueryException ex)
        {
            _metrics.Observe(source, OutcomeOf(ex.Failure), _timeProvider.GetElapsedTime(started));
            Log.QueryFailed(_logger, source, ex.Failure, ex.Message);
            throw;
        }
    }

    private async ValueTask<PrometheusHttpResponse> SendOnceAsync(
        string source,
        PrometheusSourceOptions options,
        Uri endpoint,
        Dictionary<string, string> form,
        AuthenticationHeaderValue? credentials,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = credentials;
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = _httpClientFactory.CreateClient(PrometheusConstants.HttpClientNamePrefix + source);
        _metrics.Requests.WithLabels(source, endpoint.Segments[^1]).Inc();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new PrometheusHttpResponse(response.StatusCode, body);
    }

    /// <summary>Re-read on every call so rotated tokens take effect; the secret is never logged or put in a message.</summary>
    private static async Task<AuthenticationHeaderValue?> CredentialsAsync(string source, PrometheusSourceOptions options, CancellationToken cancellationToken)
    {
        if (options.BearerTokenFile is not null || options.BearerTokenEnvironmentVariable is not null)
        {
            var token = await SecretAsync(source, "bearer token", options.BearerTokenFile, options.BearerTokenEnvironmentVariable, cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (options.BasicAuth is { } basic)
        {
            var password = await SecretAsync(source, "basic auth password", basic.PasswordFile, basic.PasswordEnvironmentVariable, cancellationToken);
            var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{password}"));
            return new AuthenticationHeaderValue("Basic", pair);
        }

        return null;
    }

    private static async Task<string> SecretAsync(string source, string what, string? file, string? variable, CancellationToken cancellationToken)
    {
        string? secret;
        if (file is not null)
        {
            try
            {
                Core.IO.RegularFile.Ensure(file);
                secret = await File.ReadAllTextAsync(file, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PrometheusQueryException(source, ReadFailure.ReadFailed, $"cannot read the {what} file '{file}': {ex.GetType().Name}");
            }
        }
        else
        {
            secret = Environment.GetEnvironmentVariable(variable!);
        }

        secret = secret?.Trim();
        return string.IsNullOrEmpty(secret)
            ? throw new PrometheusQueryException(source, ReadFailure.ReadFailed, $"the {what} ({(file is not null ? "file '" + file + "'" : "variable " + variable)}) is empty")
            : secret;
    }

    /// <summary>
    /// The transport error's message; for a refused TLS handshake the certificate problem, which HttpClient keeps in
    /// the inner exception ("The SSL connection could not be established, see inner exception").
    /// </summary>
    private static string Describe(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException tls)
            {
                return "TLS handshake failed: " + tls.Message;
            }
        }

        return ex.Message;
    }

    private static string RetryAfter(BrokenCircuitException ex) =>
        ex.RetryAfter is { } after ? $"; next probe in {after.TotalSeconds:0.#}s" : "";

    /// <summary>The telemetry outcome of a failure: the engine's reason code in camelCase.</summary>
    internal static string OutcomeOf(ReadFailure failure) => failure switch
    {
        ReadFailure.QueryError => ReasonCode.QueryError.ToCode(),
        ReadFailure.Timeout => ReasonCode.Timeout.ToCode(),
        ReadFailure.CircuitOpen => ReasonCode.CircuitOpen.ToCode(),
        _ => ReasonCode.ReadFailed.ToCode(),
    };

    /// <summary>Unix seconds with milliseconds, as the API takes them.</summary>
    internal static string UnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>A Prometheus duration in whole milliseconds (<c>5000ms</c>), accepted by the timeout and step parameters.</summary>
    internal static string PromDuration(TimeSpan duration) =>
        ((long)Math.Ceiling(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
}
