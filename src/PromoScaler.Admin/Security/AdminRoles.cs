using System.Security.Claims;

namespace PromoScaler.Admin.Security;

/// <summary>The authorization policies of the admin API, one per kind of access, and the roles each admits.</summary>
public static class AdminRoles
{
    /// <summary>Reads of policies, history, overrides and audit: viewer and operator.</summary>
    public const string Read = "promoscaler.read";

    /// <summary>Runtime pre-warms (read and write): ci and operator; viewers may read them.</summary>
    public const string Prewarm = "promoscaler.prewarm";

    /// <summary>Reads of pre-warms: every role.</summary>
    public const string PrewarmRead = "promoscaler.prewarm.read";

    /// <summary>Overrides, pauses and resumes: operator only.</summary>
    public const string Operate = "promoscaler.operate";

    /// <summary>The claim value of <paramref name="role"/>.</summary>
    public static string ClaimValue(TokenRole role) => role switch
    {
        TokenRole.Viewer => "viewer",
        TokenRole.Ci => "ci",
        TokenRole.Operator => "operator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The token's name, which owns what the caller changes.</summary>
    public static string Actor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name ?? throw new InvalidOperationException("The admin API only runs handlers for authenticated callers.");
    }
}
