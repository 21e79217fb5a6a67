using System.Net;
using k8s.Autorest;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.Tests.Resilience;

public sealed class ApiFailuresTests
{
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "3", 10, 3.0)]
    [InlineData(HttpStatusCode.TooManyRequests, "30", 5, 5.0)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "2", 10, 2.0)]
    public void RetryAfter_ThrottledWithTheHeader_IsWaitedUpToTheCap(HttpStatusCode status, string header, int capSeconds, double expectedSeconds)
    {
        var delay = ApiFailures.RetryAfter(Failure(status, header), TimeSpan.FromSeconds(capSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, null, 10)]
    [InlineData(HttpStatusCode.TooManyRequests, "Wed, 21 Oct 2026 07:28:00 GMT", 10)]
    [InlineData(HttpStatusCode.TooManyRequests, "3", 0)]
    [InlineData(HttpStatusCode.InternalServerError, "3", 10)]
    public void RetryAfter_NoUsableHeaderOrIgnored_LeavesTheBackoff(HttpStatusCode status, string? header, int capSeconds)
    {
        Assert.Null(ApiFailures.RetryAfter(Failure(status, header), TimeSpan.FromSeconds(capSeconds)));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.Conflict, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, false)]
    public void IsTransient_RetriesThrottlingAndServerErrorsNeverAConflictOrAClientError(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, ApiFailures.IsTransient(Failure(status, null)));
    }

    private static HttpOperationException Failure(HttpStatusCode status, string? retryAfter)
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return new HttpOperationException($"HTTP {(int)status}") { Response = new HttpResponseMessageWrapper(response, string.Empty) };
    }
}
