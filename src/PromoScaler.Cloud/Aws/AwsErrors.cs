using PromoScaler.Cloud.Resilience;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Aws;

/// <summary>
/// The Query API's <c>ErrorResponse</c> codes as typed outcomes. Throttling, an activity in progress and resource
/// contention are retried; auth failures name the credential source (an expired signature is the local clock, and is
/// reported as such, not as an auth failure).
/// </summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> AuthCodes = new(StringComparer.Ordinal)
    {
        "InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied", "AccessDeniedException", "UnrecognizedClientException",
        "ExpiredToken", "ExpiredTokenException", "IncompleteSignature", "MissingAuthenticationToken", "InvalidSignatureException",
        "AuthFailure", "OptInRequired",
    };

    public static CloudReply Classify(int status, string code, string message, string credentialSource) => code switch
    {
        "Throttling" or "ThrottlingException" or "RequestLimitExceeded" => new(TargetOutcome.Throttled, true, code, message),
        "ScalingActivityInProgress" => new(TargetOutcome.Degraded, true, code, message),
        "ResourceContention" or "ServiceUnavailable" or "InternalFailure" or "InternalError" => new(TargetOutcome.Unavailable, true, code, message),
        "RequestExpired" => ClockSkew(code, message),
        "SignatureDoesNotMatch" when message.Contains("expired", StringComparison.OrdinalIgnoreCase) => ClockSkew(code, message),
        _ when AuthCodes.Contains(code) => new(TargetOutcome.Forbidden, false, code, $"{message} (credentials from {credentialSource})"),
        "ValidationError" when message.Contains("not found", StringComparison.OrdinalIgnoreCase) => new(TargetOutcome.NotFound, false, code, message),
        _ when status >= 500 => new(TargetOutcome.Unavailable, true, code, message),
        _ => new(TargetOutcome.Rejected, false, code, message),
    };

    /// <summary>
    /// AWS refuses a request signed more than 15 minutes from its own time (SigV4). That is this machine's clock,
    /// not the keys: it is a rejected request, not a forbidden one, and the message says what to fix.
    /// </summary>
    private static CloudReply ClockSkew(string code, string message) =>
        new(TargetOutcome.Rejected, false, code, $"{message} (clock skew, not a credentials problem: AWS accepts a request signed within 15 minutes of its own time; synchronise this machine's clock, e.g. with NTP)");
}
