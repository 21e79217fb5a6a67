using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Http;

namespace PromoScaler.Admin.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> against the token file. Answers 401 and 403 as problem details.
/// Nothing of the presented header is ever logged or echoed.
/// </summary>
internal sealed class BearerTokenHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "PromoScalerBearer";
    private const string Prefix = "Bearer ";

    private readonly TokenFileSource _tokens;

    public BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenFileSource tokens)
        : base(options, logger, encoder)
    {
        _tokens = tokens;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var header = headers.Count == 1 ? headers[0] : null;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length)
        {
            Log.TokenMalformed(Logger, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not 'Bearer TOKEN'."));
        }

        var token = _tokens.Current.Verify(header.AsSpan(Prefix.Length).Trim());
        if (token is null)
        {
            Log.TokenUnknown(Logger, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The token is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, token.Name), new Claim(ClaimTypes.Role, AdminRoles.ClaimValue(token.Role))],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "A valid bearer token is required: send 'Authorization: Bearer TOKEN'.", field: "Authorization");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirst(ClaimTypes.Role)?.Value ?? "none";
        return ApiProblem.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            $"The token's role '{role}' may not do this.", field: "Authorization");
    }
}
