using PromoScaler.Backtest.Traces;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Traces;

public class DemandCurveTests
{
    private static DemandCurve Curve(string csv) => new(Parse(csv).Ticks, Parse(csv).Columns["value"]);

    [Fact]
    public void At_BetweenRows_LinearInterpolation()
    {
        var curve = Curve(Csv(TimeSpan.FromMinutes(1), [10, 40]));

        Assert.Equal(17.5, curve.At(T0 + TimeSpan.FromSeconds(15)));
        Assert.Null(curve.At(T0 - TimeSpan.FromSeconds(1)));
        Assert.Null(curve.At(T0 + TimeSpan.FromSeconds(61)));
    }

    [Fact]
    public void Mean_Window_AverageOfTheInterpolation()
    {
        var curve = Curve(Csv(TimeSpan.FromMinutes(1), [10, 10, 40]));

        // [15s, 75s]: 45s at 10, then 15s rising from 10 to 17.5 (mean 13.75).
        Assert.Equal((45 * 10 + 15 * 13.75) / 60, curve.Mean(T0 + TimeSpan.FromSeconds(15), T0 + TimeSpan.FromSeconds(75))!.Value, 9);
    }

    [Fact]
    public void Mean_AcrossAnEmptyCell_Undefined()
    {
        var curve = Curve("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,\n2025-01-01T00:02:00Z,1\n2025-01-01T00:03:00Z,1\n");

        Assert.Null(curve.Mean(T0, T0 + TimeSpan.FromSeconds(30)));
        Assert.Null(curve.At(T0 + TimeSpan.FromSeconds(90)));
        Assert.Equal(1, curve.Mean(T0 + TimeSpan.FromMinutes(2), T0 + TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Mean_RowsMoreThanThreeMedianStepsApart_Undefined()
    {
        var curve = Curve("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,1\n2025-01-01T00:02:00Z,1\n2025-01-01T00:06:00Z,1\n2025-01-01T00:07:00Z,1\n");

        Assert.Equal(TimeSpan.FromMinutes(1), curve.MedianStep);
        Assert.Null(curve.At(T0 + TimeSpan.FromMinutes(3)));
        Assert.Equal(1, curve.At(T0 + TimeSpan.FromMinutes(2)));
    }
}
