using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PromoScaler.Core.Ports;

namespace PromoScaler.Kubernetes.Resilience;

/// <summary>
/// How an API failure is classified: what is retried (429, 5xx, 408, timeouts, transport errors; never another 4xx,
/// and never a 409, which means "re-read and decide again"), and the typed outcome and detail it ends as.
/// </summary>
internal static class ApiFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpOperationException http => IsTransient(http.Response.StatusCode),
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>The <c>Retry-After</c> (in seconds) of a 429 or 503, capped at <paramref name="max"/>; null when absent or ignored.</summary>
    public static TimeSpan? RetryAfter(Exception? exception, TimeSpan max)
    {
        if (max <= TimeSpan.Zero
            || exception is not HttpOperationException { Response: { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } response }
            || response.Headers is null
            || !response.Headers.TryGetValue("Retry-After", out var values)
            || !int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var wait = TimeSpan.FromSeconds(seconds);
        return wait < max ? wait : max;
    }

    public static (TargetOutcome Outcome, string Detail) Classify(Exception exception, ApiOperation operation, int attempts, TimeSpan attemptTimeout)
    {
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        return exception switch
        {
            BrokenCircuitException => (TargetOutcome.CircuitOpen, $"circuit open after repeated failures of {operation.Object}; nothing was sent"),
            TimeoutRejectedException => (TargetOutcome.Unavailable, $"{operation.Verb} {operation.Object} timed out (per attempt {attemptTimeout}; {tries})"),
            HttpOperationException http => FromStatus(http, operation, tries),
            HttpRequestException or IOException => (TargetOutcome.Unavailable, $"{operation.Verb} {operation.Object} failed to reach the API server ({tries}): {exception.Message}"),
            JsonException => (TargetOutcome.Rejected, $"{operation.Verb} {operation.Object}: the API server's answer could not be read: {exception.Message}"),
            _ => (TargetOutcome.Unavailable, $"{operation.Verb} {operation.Object} failed: {exception.GetType().Name}: {exception.Message}"),
        };
    }

    private static (TargetOutcome, string) FromStatus(HttpOperationException http, ApiOperation operation, string tries)
    {
        var code = (int)http.Response.StatusCode;
        var message = StatusMessage(http);
        return code switch
        {
            401 => (TargetOutcome.Forbidden, $"unauthorized: the API server refused the credentials for {operation.Permission}"),
            403 => (TargetOutcome.Forbidden, $"forbidden: missing permission to {operation.Permission}"),
            404 => (TargetOutcome.NotFound, $"{operation.Object} not found"),
            409 => (TargetOutcome.Conflict, $"{operation.Object} changed since it was read (HTTP 409): read it again and decide again"),
            429 => (TargetOutcome.Throttled, $"the API server is throttling (HTTP 429) {operation.Verb} {operation.Object} ({tries})"),
            _ when IsTransient(http.Response.StatusCode) => (TargetOutcome.Unavailable, $"HTTP {code} on {operation.Verb} {operation.Object} ({tries}){Suffix(message)}"),
            _ => (TargetOutcome.Rejected, $"HTTP {code} on {operation.Verb} {operation.Object}{Suffix(message)}"),
        };
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string Suffix(string? message) => message is null ? string.Empty : ": " + message;

    /// <summary>The <c>Status.message</c> of the answer, when it is one (never more than a line).</summary>
    private static string? StatusMessage(HttpOperationException http)
    {
        try
        {
            var message = string.IsNullOrEmpty(http.Response.Content) ? null : KubernetesJson.Deserialize<V1Status>(http.Response.Content)?.Message;
            return message is null ? null : message.Length > 300 ? message[..300] : message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
