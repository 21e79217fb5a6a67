using PromoScaler.Cloud.Resilience;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Aws;

/// <summary>
/// The Query API's <c>ErrorResponse</c> codes as typed outcomes. Throttling, an activity in progress and resource
/// contention are retried; auth failures name the credential source (an expired signature is the local clock).
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

    private static CloudReply ClockSkew(string code, string message) =>
        new(TargetOutcome.Forbidden, false, code, $"{message} (clock skew: the request time must be within 5 minutes of the server's)");
}
