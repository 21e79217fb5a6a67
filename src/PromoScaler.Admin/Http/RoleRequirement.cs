using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin.Http;

/// <summary>Puts an endpoint behind a role policy and says in the OpenAPI document what that can answer.</summary>
internal static class RoleRequirement
{
    /// <summary>
    /// Requires <paramref name="policy"/>; every endpoint can answer 401, and 403 unless every role is admitted
    /// (<see cref="AdminRoles.PrewarmRead"/>), so the document lists no code the route cannot answer.
    /// </summary>
    public static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder builder, string policy)
    {
        builder.RequireAuthorization(policy).ProducesProblem(StatusCodes.Status401Unauthorized);
        return policy == AdminRoles.PrewarmRead ? builder : builder.ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
