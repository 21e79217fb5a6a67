using System.Globalization;

namespace PromoScaler.Core.Policies;

/// <summary>A percentage written with <c>%</c> in a policy (<c>10%</c>, <c>0.5%</c>).</summary>
public readonly record struct Percentage
{
    private Percentage(double fraction) => Fraction = fraction;

    /// <summary>The value as a fraction: 10% is 0.1.</summary>
    public double Fraction { get; }

    public static Percentage FromFraction(double fraction) => new(fraction);

    public static Percentage FromPercent(double percent) => new(percent / 100.0);

    public override string ToString() => (Fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
