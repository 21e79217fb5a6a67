namespace PromoScaler.Core.Intent;

/// <summary>The new intent of a policy and the audit entry that explains it.</summary>
public sealed record IntentEdit(PolicyIntent Next, AuditDraft Audit);

/// <summary>How a change ended.</summary>
/// <param name="Persisted">The change was stored and is in force.</param>
/// <param name="Entry">Its audit entry, when persisted.</param>
/// <param name="Problem">Why it was refused (the store failed, this replica is a follower); null otherwise.</param>
public sealed record IntentCommit(bool Persisted, AuditEntry? Entry, string? Problem)
{
    /// <summary>Nothing needed to change.</summary>
    public static IntentCommit Unchanged { get; } = new(false, null, null);

    public static IntentCommit Applied(AuditEntry entry) => new(true, entry, null);

    public static IntentCommit Refused(string problem) => new(false, null, problem);
}
