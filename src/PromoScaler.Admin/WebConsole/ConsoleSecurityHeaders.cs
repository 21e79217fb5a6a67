using Microsoft.AspNetCore.Http;

namespace PromoScaler.Admin.WebConsole;

/// <summary>
/// The headers of every console response: scripts, styles and calls only from this listener (no inline script, no
/// third-party host), no framing, no MIME sniffing, no referrer (a policy name in the path stays here).
/// </summary>
internal static class ConsoleSecurityHeaders
{
    /// <summary>
    /// <c>style-src 'self'</c> without <c>'unsafe-inline'</c>: the chart library sets element styles from script
    /// (CSSOM), which CSP allows; no <c>style</c> attribute or element is served.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }
}
