using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;

namespace PromoScaler.Admin.Forwarding;

/// <summary>
/// Before a change is handled: when another replica holds the policy's shard, the change is forwarded there (once:
/// a request that arrives forwarded is answered 503 here rather than sent on), and its answer returned. A read of one
/// policy is forwarded the same way for the holder's fresh view, and answered here from this replica's own view when
/// it cannot be. Runs after authentication and authorization, so only a caller allowed the request here makes this
/// replica send anything; the holder checks the same token again.
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
        var read = HttpMethods.IsGet(http.Request.Method);
        if (http.Request.Headers[ForwardingHeaders.ForwardedBy] is [{ } from, ..])
        {
            metrics.Forwarded(ForwardOutcome.HopRefused);
            Log.ForwardLooped(logger, http.Request.Method, path, from, writer.Why);
            return read ? await LocalAsync(context, next, self) : Refused(http, self,
                $"Nothing was changed: this request was forwarded here by {from}, but {writer.Why}, not by this replica ({self}); it is not forwarded again. Try again in a moment, or send it to {writer.Holder}");
        }

        if (writer.AdminUrl is not { } url)
        {
            metrics.Forwarded(ForwardOutcome.NoAddress);
            Log.ForwardFailed(logger, http.Request.Method, path, writer.Holder, ForwardOutcome.NoAddress, "it advertised no admin URL");
            return read ? await LocalAsync(context, next, self) : Refused(http, self,
                $"Nothing was changed: {writer.Why}, which advertised no admin URL to forward the change to (Admin:Api:AdvertiseUrl); send it to {writer.Holder}");
        }

        var result = await forwarder.ForwardAsync(http, writer, url, self);
        metrics.Forwarded(result.Outcome);
        if (result.Problem is not { } problem)
        {
            Log.Forwarded(logger, http.Request.Method, path, writer.Holder, url.ToString());
            return result.Answer;
        }

        Log.ForwardFailed(logger, http.Request.Method, path, writer.Holder, result.Outcome, problem);
        if (read)
        {
            return await LocalAsync(context, next, self); // this replica's own view, older, rather than none
        }

        http.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
        return result.Answer;
    }

    private static async ValueTask<object?> LocalAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string self)
    {
        context.HttpContext.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
        return await next(context);
    }

    private static IResult Refused(HttpContext http, string self, string detail)
    {
        http.Response.Headers[ForwardingHeaders.AnsweredBy] = self;
        return ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "Not forwarded", detail);
    }
}
