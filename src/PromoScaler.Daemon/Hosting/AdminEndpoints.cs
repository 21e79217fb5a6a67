using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Health;
using Prometheus;

namespace PromoScaler.Daemon.Hosting;

/// <summary>The admin listener's built-in endpoints; the admin API adds its own routes to the same listener.</summary>
public static class AdminEndpoints
{
    /// <summary>Maps <c>/healthz</c> (process alive), <c>/readyz</c> (every reason it is not ready) and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapDaemonEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (DaemonReadiness readiness) =>
        {
            var problems = readiness.Problems();
            var warnings = readiness.Warnings();
            var text = (problems.Count == 0 ? "ready\n" : "not ready:\n" + Lines(problems))
                + (warnings.Count == 0 ? string.Empty : "warnings:\n" + Lines(warnings));
            return Results.Text(text, statusCode: problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        endpoints.MapGet("/metrics", async (HttpContext context) =>
        {
            var registry = context.RequestServices.GetRequiredService<CollectorRegistry>();
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        return endpoints;
    }

    private static string Lines(IEnumerable<string> items) => string.Concat(items.Select(p => "- " + p + "\n"));
}
