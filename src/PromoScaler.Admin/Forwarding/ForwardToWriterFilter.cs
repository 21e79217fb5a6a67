using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;

namespace PromoScaler.Admin.Forwarding;

/// <summary>
/// Before a change is handled: when another replica holds the policy's shard, the change is forwarded there (once:
/// a request that arrives forwarded is answered 503 here rather than sent on), and its answer returned. Runs after
/// authentication and authorization, so only a caller allowed the change here makes this replica send anything;
/// the holder checks the same token again.
/// </summary>
internal sealed class ForwardToWriterFilter(IPolicyWriters writers, WriterForwarder forwarder, IForwardingMetrics metrics, ILogger<ForwardToWriterFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (writers.Self is not { } self)
        {
            return await next(context);
        }

        if (http.Request.RouteValues["policy"] is not string policy || writers.Elsewhere(policy) is not { } writer)
        {
            http.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
            return await next(context);
        }

        var path = http.Request.Path.ToString();
        if (http.Request.Headers[ForwardingHeaders.ForwardedBy] is [{ } from, ..])
        {
            metrics.Forwarded(ForwardOutcome.HopRefused);
            Log.ForwardLooped(logger, http.Request.Method, path, from, writer.Why);
            http.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
            return ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "Not forwarded",
                $"Nothing was changed: this request was forwarded here by {from}, but {writer.Why}, not by this replica ({self}); it is not forwarded again. Try again in a moment, or send it to {writer.Holder}");
        }

        if (writer.AdminUrl is not { } url)
        {
            metrics.Forwarded(ForwardOutcome.NoAddress);
            Log.ForwardFailed(logger, http.Request.Method, path, writer.Holder, ForwardOutcome.NoAddress, "it advertised no admin URL");
            http.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
            return ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "Not forwarded",
                $"Nothing was changed: {writer.Why}, which advertised no admin URL to forward the change to (Admin:Api:AdvertiseUrl); send it to {writer.Holder}");
        }

        var result = await forwarder.ForwardAsync(http, writer, url, self);
        metrics.Forwarded(result.Outcome);
        if (result.Problem is { } problem)
        {
            http.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
            Log.ForwardFailed(logger, http.Request.Method, path, writer.Holder, result.Outcome, problem);
        }
        else
        {
            Log.Forwarded(logger, http.Request.Method, path, writer.Holder, url.ToString());
        }

        return result.Answer;
    }
}
