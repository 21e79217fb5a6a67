using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.Security;
using PromoScaler.Admin.WebConsole.Chart;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.WebConsole;

/// <summary>Maps the web console: its pages and files (no token needed, they hold no data) and the two reads the page needs that the API lacked.</summary>
public static class ConsoleEndpoints
{
    /// <summary>The longest chart range: a week (the decision log keeps less unless its capacity is raised).</summary>
    public static readonly TimeSpan MaxChartWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// Maps <c>/</c> (the policy list), <c>/policies/{name}</c> (one policy), <c>/reasons</c> (the reason codes),
    /// <c>/assets/...</c>, <c>GET /api/v1/session</c> (the caller's name and role) and
    /// <c>GET /api/v1/policies/{policy}/chart</c> (the chart's series). The pages carry no data: every figure comes
    /// from the API with the bearer token the page asks for. Needs the admin API's services.
    /// </summary>
    public static IEndpointRouteBuilder MapPromoScalerConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpContext context) => Page(context, StatusCodes.Status200OK));
        endpoints.MapGet("/policies/{policy}", (HttpContext context) => Page(context, StatusCodes.Status200OK));
        endpoints.MapGet("/reasons", (HttpContext context) => Html(context, ConsoleAssets.ReasonsHtml, StatusCodes.Status200OK));
        endpoints.MapGet("/assets/{**file}", (string file, HttpContext context) =>
        {
            if (ConsoleAssets.Find(file) is not { } asset)
            {
                return Html(context, NotFoundHtml(), StatusCodes.Status404NotFound);
            }

            ConsoleSecurityHeaders.Apply(context.Response);
            return Results.Bytes(asset.Content, asset.ContentType);
        });
        // Any other page: a 404 page, not a blank or a stack trace. GET only, so a wrong method on an API route stays a 405.
        endpoints.MapFallback((HttpContext context) => context.Request.Path.StartsWithSegments(AdminApiConstants.RoutePrefix, StringComparison.Ordinal)
                ? Results.NotFound()
                : Html(context, NotFoundHtml(), StatusCodes.Status404NotFound))
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));

        var api = endpoints.MapGroup(AdminApiConstants.RoutePrefix);
        api.MapGet("/session", (ClaimsPrincipal user) => Results.Json(
                new SessionView(user.Actor(), user.FindFirst(ClaimTypes.Role)?.Value ?? "none"), ConsoleJsonContext.Default.SessionView))
            .WithName("getSession")
            .WithSummary("The caller's token name and role (the console shows only the actions the role allows).")
            .Produces<SessionView>()
            .RequireAuthorization();
        api.MapGet("/policies/{policy}/chart", Chart)
            .WithName("getPolicyChart")
            .WithSummary("The console chart's series: decisions of the last window (default 1h; 1h, 6h, 24h...), the windows up to 48h ahead, operator changes.")
            .Produces<ChartView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AdminRoles.Read);
        return endpoints;
    }

    private static IResult Chart(string policy, string? window, IPolicySource source, IDecisionHistory log, IOperatorIntent book, TimeProvider time)
    {
        if (source.Find(policy) is not { } entry)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        var span = TimeSpan.FromHours(1);
        if (window is not null && (!Duration.TryParse(window, out span) || span < TimeSpan.FromMinutes(1) || span > MaxChartWindow))
        {
            return ApiProblem.BadRequest("window", $"{RequestFields.Quote(window)} is not a chart window: a duration from 1m to {Duration.Format(MaxChartWindow)}, e.g. 1h, 6h or 24h.");
        }

        var now = time.GetUtcNow();
        var from = now - span;
        var view = ChartBuilder.Build(entry.Policy, log.Range(policy, from, now), book.IntentOf(policy), book.Audit(from), from, now);
        return Results.Json(view, ConsoleJsonContext.Default.ChartView);
    }

    private static IResult Page(HttpContext context, int status) => Html(context, ConsoleAssets.IndexHtml, status);

    private static IResult Html(HttpContext context, string html, int status)
    {
        ConsoleSecurityHeaders.Apply(context.Response);
        return Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string NotFoundHtml() =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found - PromoScaler</title>"
        + "<link rel=\"stylesheet\" href=\"/assets/console.css\"></head><body><header class=\"bar\"><a href=\"/\" class=\"brand\">PromoScaler</a></header>"
        + "<main><h1>Not found</h1><p>No console page has this address. <a href=\"/\">Back to the policies</a>.</p></main></body></html>";
}
