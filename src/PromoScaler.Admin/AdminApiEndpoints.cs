using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Endpoints;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin;

/// <summary>Maps the admin API.</summary>
public static class AdminApiEndpoints
{
    /// <summary>The OpenAPI document's name, which is also the API version in its path.</summary>
    public const string DocumentName = "v1";

    /// <summary>
    /// Maps every endpoint under <c>/api/v1</c>, each behind a role policy (there is no anonymous API endpoint), and the
    /// OpenAPI document at <c>/api/v1/openapi.json</c> (viewers and operators). The host's pipeline must run
    /// authentication and authorization (a <c>WebApplication</c> adds both when the services are registered).
    /// </summary>
    public static IEndpointRouteBuilder MapPromoScalerAdminApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(AdminApiConstants.RoutePrefix);
        HealthEndpoints.Map(api);
        PolicyEndpoints.Map(api);
        OverrideEndpoints.Map(api);
        PauseEndpoints.Map(api);
        PrewarmEndpoints.Map(api);
        endpoints.MapOpenApi("/api/{documentName}/openapi.json").RequireAuthorization(AdminRoles.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }
}
