using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using PromoScaler.Admin.Contracts;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin.Endpoints;

/// <summary>The daemon's own health, as <c>/readyz</c> reports it, for <c>promoscaler status</c>.</summary>
internal static class HealthEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/health", ([FromServices] IDaemonHealth health, TimeProvider time) =>
            {
                var (problems, warnings) = health.Now();
                return Results.Json(new HealthView(problems.Count == 0, problems, warnings, time.GetUtcNow(), health.Notes()), AdminJsonContext.Default.HealthView);
            })
            .WithName("getHealth")
            .WithSummary("The daemon's health: ready or not with every reason (as /readyz), and warnings such as state lost at load.")
            .Produces<HealthView>()
            .RequireRole(AdminRoles.Read);
    }
}
