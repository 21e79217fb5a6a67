using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PromoScaler.Daemon.Telemetry;

/// <summary>Counts every request to the admin listener by route pattern, method and status.</summary>
public static class AdminRequestMetrics
{
    /// <summary>The route label of a request no endpoint matched (a scan must not mint a series per path).</summary>
    public const string Unmatched = "unmatched";

    private static readonly HashSet<string> Methods = new(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], StringComparer.Ordinal);

    /// <summary>
    /// Adds the counting middleware. The label is the endpoint's route template (<c>/api/v1/policies/{name}</c>),
    /// never the path, and unknown methods count as <c>other</c>, so the series stay bounded whatever clients send.
    /// </summary>
    public static IApplicationBuilder UseAdminRequestMetrics(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.ApplicationServices.GetRequiredService<DaemonMetrics>();
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
                var method = Methods.Contains(context.Request.Method) ? context.Request.Method : "other";
                metrics.AdminRequest(route, method, context.Response.StatusCode);
            }
        });
    }
}
