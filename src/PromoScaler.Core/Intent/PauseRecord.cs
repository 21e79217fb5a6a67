namespace PromoScaler.Core.Intent;

/// <summary>An operator's pause of one policy: it decides and records, and writes nothing, until resumed or expired.</summary>
/// <param name="Owner">The token name that paused it.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetAt">When.</param>
/// <param name="ExpiresAt">When it resumes by itself.</param>
public sealed record PauseRecord(string Owner, string Reason, DateTimeOffset SetAt, DateTimeOffset ExpiresAt)
{
    public bool IsActive(DateTimeOffset now) => now < ExpiresAt;
}
