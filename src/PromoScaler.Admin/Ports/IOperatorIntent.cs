using PromoScaler.Core.Intent;

namespace PromoScaler.Admin.Ports;

/// <summary>
/// The operator intent the API shows and changes. The daemon implements it (its intent book): a change is in force
/// only once persisted, and a refused persist changes nothing.
/// </summary>
public interface IOperatorIntent
{
    /// <summary>Everything held now.</summary>
    IntentSnapshot Snapshot { get; }

    /// <summary>The intent for <paramref name="policy"/>; <see cref="PolicyIntent.None"/> when nothing was asked.</summary>
    PolicyIntent IntentOf(string policy);

    /// <summary>Audit entries at or after <paramref name="since"/>, oldest first.</summary>
    IReadOnlyList<AuditEntry> Audit(DateTimeOffset? since);

    /// <summary>
    /// Runs one change. <paramref name="edit"/> sees the current intent and the instant, and returns the new intent with
    /// its audit entry, or null when nothing is to change (an idempotent repeat, a refused request).
    /// </summary>
    Task<IntentCommit> ChangeAsync(string policy, string actor, Func<PolicyIntent, DateTimeOffset, IntentEdit?> edit, CancellationToken cancellationToken);
}
