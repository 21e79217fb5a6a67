using System.Globalization;

namespace PromoScaler.Core.Sizing;

/// <summary>
/// The load bands the calibrated margin is kept per: band 0 holds R &lt; 1 (less than one replica of load), band k
/// holds <c>2^(k-1) &lt;= R &lt; 2^k</c>, the last band everything above.
/// </summary>
/// <remarks>
/// Why bands of a factor two: the rise is normalised by <c>sqrt(max(R, 1))</c>; inside a band that normaliser varies
/// by at most sqrt(2), so rises of one band are comparable, while a load from under one replica to 500 replicas takes
/// only ten bands, each of which fills with samples within hours where traffic dwells. Below one replica the
/// normaliser is constant (1): all near-idle load is one band, the one flash spikes start from.
/// </remarks>
public static class LoadBand
{
    /// <summary>Number of bands: the last starts at R = 2^14.</summary>
    public const int Count = 16;

    /// <summary>The band of a load R in replicas (NaN and negative loads fall in band 0).</summary>
    public static int Of(double load) =>
        !(load >= 1) ? 0 : Math.Min(Count - 1, 1 + (int)Math.Floor(Math.Log2(Math.Min(load, 1e9))));

    /// <summary>The band as text for the explanation, e.g. <c>R &lt; 1</c>, <c>2 &lt;= R &lt; 4</c>.</summary>
    public static string Describe(int band)
    {
        var inv = CultureInfo.InvariantCulture;
        return band switch
        {
            <= 0 => "R < 1",
            >= Count - 1 => string.Create(inv, $"R >= {1L << (Count - 2)}"),
            _ => string.Create(inv, $"{1L << (band - 1)} <= R < {1L << band}"),
        };
    }
}
