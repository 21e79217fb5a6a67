using PromoScaler.Cloud.Resilience;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Tencent;

/// <summary>
/// Tencent Cloud API 3.0 answers errors with HTTP 200 and <c>Response.Error.Code</c>; the code's prefix is its
/// category. Throttling and an activity in progress are retried; auth failures name the credential source (a
/// signature that expired is the local clock, not the key).
/// </summary>
internal static class TencentErrors
{
    public static CloudReply Classify(string code, string message, string credentialSource) => code switch
    {
        _ when code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) => new(TargetOutcome.Throttled, true, code, message),
        // Tencent Cloud refuses a request whose timestamp is more than 5 minutes from its own: the local clock, not the keys.
        "AuthFailure.SignatureExpire" => new(TargetOutcome.Rejected, false, code, $"{message} (clock skew, not a credentials problem: Tencent Cloud accepts a request timestamped within 5 minutes of its own time; synchronise this machine's clock, e.g. with NTP)"),
        _ when code.StartsWith("AuthFailure", StringComparison.Ordinal) || code.StartsWith("UnauthorizedOperation", StringComparison.Ordinal)
            => new(TargetOutcome.Forbidden, false, code, $"{message} (credentials from {credentialSource})"),
        _ when code.StartsWith("ResourceNotFound", StringComparison.Ordinal) => new(TargetOutcome.NotFound, false, code, message),
        "ResourceUnavailable.AutoScalingGroupInActivity" => new(TargetOutcome.Degraded, true, code, message),
        _ when code.StartsWith("ResourceUnavailable", StringComparison.Ordinal) => new(TargetOutcome.Degraded, false, code, message),
        _ when code.StartsWith("InternalError", StringComparison.Ordinal) || code == "ServiceUnavailable"
            => new(TargetOutcome.Unavailable, true, code, message),
        _ => new(TargetOutcome.Rejected, false, code, message),
    };
}
