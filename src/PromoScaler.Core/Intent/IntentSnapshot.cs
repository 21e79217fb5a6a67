namespace PromoScaler.Core.Intent;

/// <summary>Everything the operator-intent book holds.</summary>
/// <param name="Policies">Intent per policy name (policies without intent are absent).</param>
/// <param name="Audit">The retained audit log, oldest first.</param>
public sealed record IntentSnapshot(IReadOnlyDictionary<string, PolicyIntent> Policies, IReadOnlyList<AuditEntry> Audit)
{
    public static IntentSnapshot Empty { get; } = new(new Dictionary<string, PolicyIntent>(StringComparer.Ordinal), []);
}
