namespace PromoScaler.Core.Sizing;

/// <summary>The split-conformal rank of a quantile among n sorted values.</summary>
public static class ConformalRank
{
    /// <summary>
    /// The rank (1-based) of the quantile at <paramref name="level"/> among <paramref name="n"/> sorted values:
    /// <c>min(n, ceil(level x (n + 1)))</c>, the finite-sample correction that makes the empirical coverage at least
    /// the level on exchangeable data; 0 when n is 0.
    /// </summary>
    public static int Of(double level, int n) => n == 0 ? 0 : (int)Math.Min(n, Math.Ceiling((level * (n + 1)) - 1e-12));
}
