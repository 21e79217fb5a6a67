namespace PromoScaler.Core.Sizing;

/// <summary>The standard normal distribution's quantile function.</summary>
internal static class NormalQuantile
{
    /// <summary>
    /// z with P(Z &lt;= z) = <paramref name="p"/> for p in (0, 1), by the rational approximation of Abramowitz and
    /// Stegun 26.2.23 (absolute error below 4.5e-4), which is plenty for a fallback margin.
    /// </summary>
    public static double Of(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1).");
        }

        var tail = p < 0.5 ? p : 1 - p;
        var t = Math.Sqrt(-2 * Math.Log(tail));
        var z = t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
        return p < 0.5 ? -z : z;
    }
}
