using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Daemon.Catalog;

/// <summary>One validated set of policies, as a whole: the loop evaluates exactly these.</summary>
/// <param name="Policies">The policies, in file order.</param>
/// <param name="Generation">Increases with each applied set (0: none loaded yet).</param>
public sealed record CatalogSnapshot(IReadOnlyList<ScalingPolicy> Policies, long Generation)
{
    /// <summary>Nothing loaded yet.</summary>
    public static CatalogSnapshot None { get; } = new([], 0);
}

/// <summary>How a reload ended.</summary>
public enum ReloadOutcome
{
    /// <summary>The files did not change since the last reload.</summary>
    Unchanged,

    /// <summary>The new set is valid and now runs.</summary>
    Applied,

    /// <summary>The new set has errors; the previous set keeps running.</summary>
    Rejected,
}

/// <summary>A reload that was refused: its errors, while the set before it keeps running.</summary>
/// <param name="At">When.</param>
/// <param name="Errors">Every error, with its file:line:col.</param>
public sealed record CatalogRejection(DateTimeOffset At, IReadOnlyList<PolicyDiagnostic> Errors)
{
    /// <summary>The errors in <paramref name="file"/>; empty when that file had none.</summary>
    public IReadOnlyList<PolicyDiagnostic> In(string file) =>
        [.. Errors.Where(e => string.Equals(e.Location.File, file, StringComparison.Ordinal))];
}
