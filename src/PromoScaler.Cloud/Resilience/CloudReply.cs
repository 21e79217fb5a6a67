using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Resilience;

/// <summary>
/// One exchange with a cloud API, already classified: how it ended, whether to try again, the provider's error code
/// and message (never a credential), and the body of a successful answer.
/// </summary>
internal sealed record CloudReply(TargetOutcome Outcome, bool Retry, string? Code, string? Message, byte[]? Body = null)
{
    public static CloudReply Ok(byte[] body) => new(TargetOutcome.Ok, false, null, null, body);

    public string Describe() => Code is null ? Message ?? Outcome.ToString() : $"{Code}: {Message}";
}
