namespace PromoScaler.Core.Engine;

/// <summary>Rounding used for replica counts.</summary>
internal static class ReplicaMath
{
    /// <summary>Counts are kept far below int.MaxValue so that step arithmetic cannot overflow.</summary>
    public const int MaxCount = 1_000_000_000;

    /// <summary>
    /// ceil(x) for a quotient of two measured numbers: a relative error of 1e-9 is forgiven, so that 1.1 / 0.1
    /// (11.000000000000002 in binary floating point) gives 11, as HPA's milli-unit arithmetic does.
    /// </summary>
    public static int Ceil(double x)
    {
        if (double.IsNaN(x) || x <= 0)
        {
            return 0;
        }

        if (x >= MaxCount)
        {
            return MaxCount;
        }

        return (int)Math.Ceiling(x - (1e-9 * Math.Max(1.0, x)));
    }

    /// <summary>ceil(a x b / c) in exact integer arithmetic (ramp-down floors).</summary>
    public static int CeilMulDiv(int a, long b, long c)
    {
        if (c <= 0)
        {
            return 0;
        }

        var product = (Int128)a * b;
        var quotient = (product + c - 1) / c;
        return (int)Int128.Clamp(quotient, 0, MaxCount);
    }
}
