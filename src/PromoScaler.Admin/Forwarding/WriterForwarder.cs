using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;
using PromoScaler.Resilience;

namespace PromoScaler.Admin.Forwarding;

/// <summary>
/// Sends a change to the replica that holds its policy's shard and hands its answer back as it came. The caller's
/// <c>Authorization</c> goes through unchanged, so the holder authenticates, authorizes and audits the real caller.
/// One pipeline per holder (the shared shape: total timeout, retry, breaker, attempt timeout), on the real clock: a
/// retry happens only when no connection was made, so nothing was sent and a POST cannot be applied twice.
/// </summary>
internal sealed class WriterForwarder : IDisposable
{
    /// <summary>The key of the clock the forwarding timeouts run on (the system's: a network wait is real time, also under a simulated clock).</summary>
    public const string Clock = "promoscaler-forwarding-clock";

    private const int MaxAnswerBytes = 8 * 1024 * 1024; // a policy's whole history fits
    private const int MaxHolders = 64;
    private static readonly string[] RequestHeaders = ["Authorization", "Accept", "traceparent", "tracestate"];
    private static readonly string[] AnswerHeaders = ["WWW-Authenticate", "Location", "Retry-After"];

    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    public WriterForwarder(IOptions<AdminApiOptions> options, [FromKeyedServices(Clock)] TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeout = options.Value.ForwardTimeout;
        _clock = clock;
        // A connection that cannot be made in half the budget is given up, so the one retry still fits in it.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _timeout / 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxAnswerBytes };
    }

    /// <summary>Forwards the request of <paramref name="http"/> to <paramref name="writer"/>; the holder's answer, or a problem saying why there is none.</summary>
    public async Task<ForwardResult> ForwardAsync(HttpContext http, WriterLocation writer, Uri url, string self)
    {
        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        var target = new Uri(url, http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent());
        try
        {
            using var answer = await Pipeline(url).ExecuteAsync(ct => SendAsync(http.Request, target, body, self, ct), http.RequestAborted);
            var bytes = await answer.Content.ReadAsByteArrayAsync(http.RequestAborted);
            return new ForwardResult(ForwardOutcome.Answered, new ForwardedAnswer(answer, bytes, writer.Holder), null);
        }
        catch (BrokenCircuitException)
        {
            return Problem(ForwardOutcome.CircuitOpen, 503, writer, $"calls to {url} kept failing, so none is tried for a while");
        }
        catch (HttpRequestException ex) when (NotSent(ex))
        {
            return Problem(ForwardOutcome.Unreachable, 503, writer, $"no connection could be made to {url} ({ex.Message})");
        }
        catch (TimeoutRejectedException)
        {
            return Problem(ForwardOutcome.Timeout, 504, writer, $"{url} did not answer within {_timeout.TotalSeconds:0.###}s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            return Problem(ForwardOutcome.Failed, 502, writer, $"the answer from {url} broke off or was not HTTP ({ex.Message})");
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<HttpResponseMessage> SendAsync(HttpRequest incoming, Uri target, byte[]? body, string self, CancellationToken cancellationToken)
    {
        // A new message per attempt: a sent one cannot be sent again.
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target);
        foreach (var name in RequestHeaders)
        {
            if (incoming.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation(ForwardingHeaders.ForwardedBy, self);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (incoming.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    // The body as sent, up to one byte over the API's limit: the holder then refuses an oversized one as it would here.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[AdminApiConstants.MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read == 0 && request.ContentType is null ? null : buffer[..read];
    }

    private ResiliencePipeline Pipeline(Uri url)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        if (_pipelines.Count > MaxHolders && !_pipelines.ContainsKey(key))
        {
            _pipelines.Clear(); // holders come and go with their pods; a handful are live at once
        }

        return _pipelines.GetOrAdd(key, name => ResiliencePipelineFactory.Build(
            "promoscaler-forward-" + name,
            new PipelineSettings(_timeout, _timeout * 2, 1, TimeSpan.FromMilliseconds(100), ResilienceDefaults.FailureRatio,
                ResilienceDefaults.MinimumThroughput, ResilienceDefaults.SamplingDuration, TimeSpan.FromSeconds(5)),
            _clock,
            JitterSource.Shared,
            new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(NotSent) },
            new CircuitBreakerStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>() }));
    }

    // No connection was made: the request never left, so retrying it or saying "nothing changed" is safe.
    private static bool NotSent(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private static ForwardResult Problem(string outcome, int status, WriterLocation writer, string why)
    {
        var detail = status == 503
            ? $"Nothing was changed: {writer.Why}, and the change could not be forwarded there: {why}; try again in a moment, or send it to {writer.Holder}"
            : $"The change was sent to {writer.Holder} ({writer.Why}), but {why}: it may or may not have been applied there; look (GET the policy, or the audit) before sending it again";
        return new ForwardResult(outcome, ApiProblem.Of(status, status == 503 ? "Not forwarded" : "Outcome unknown", detail), detail);
    }

    /// <summary>The holder's answer, as it came, naming who answered.</summary>
    private sealed class ForwardedAnswer(HttpResponseMessage answer, byte[] body, string holder) : IResult
    {
        private readonly int _status = (int)answer.StatusCode;
        private readonly MediaTypeHeaderValue? _contentType = answer.Content.Headers.ContentType;
        private readonly string _answeredBy = answer.Headers.TryGetValues(ForwardingHeaders.AnsweredBy, out var by) ? by.First() : holder;
        private readonly List<KeyValuePair<string, string[]>> _headers =
            [.. AnswerHeaders.Where(h => answer.Headers.Contains(h)).Select(h => KeyValuePair.Create(h, answer.Headers.GetValues(h).ToArray()))];

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = _status;
            response.Headers[ForwardingHeaders.AnsweredBy] = _answeredBy;
            foreach (var (name, values) in _headers)
            {
                response.Headers[name] = values;
            }

            if (_contentType is not null)
            {
                response.ContentType = _contentType.ToString();
            }

            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}

/// <summary>How a forward ended: its outcome, what to answer, and the problem in words when there is no holder's answer.</summary>
internal sealed record ForwardResult(string Outcome, IResult Answer, string? Problem);
