using PromoScaler.Core.Intent;

namespace PromoScaler.Daemon.Intent;

/// <summary>
/// Makes operator intent durable. The daemon implements it over its state document; the API answers success
/// only after <see cref="PersistAsync"/> said written, and a refusal changes nothing.
/// </summary>
public interface IIntentPersistence
{
    /// <summary>Stores <paramref name="snapshot"/> (the whole intent and audit log after the change) durably.</summary>
    ValueTask<IntentPersistResult> PersistAsync(IntentSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>How a persist ended.</summary>
/// <param name="Written">Durable.</param>
/// <param name="Problem">Why not (store failed, this replica is a follower and the leader is ...); null when written.</param>
public sealed record IntentPersistResult(bool Written, string? Problem)
{
    public static IntentPersistResult Ok { get; } = new(true, null);

    public static IntentPersistResult Refused(string problem) => new(false, problem);
}
