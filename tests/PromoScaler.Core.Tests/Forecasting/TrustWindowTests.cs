using PromoScaler.Core.Forecasting;

namespace PromoScaler.Core.Tests.Forecasting;

public class TrustWindowTests
{
    [Theory]
    [InlineData(0.0, 0.0, 0.0)]   // quiet, forecast quiet
    [InlineData(0.5, 0.0, 0.25)]  // half a replica's load forecast on a quiet night: a quarter of the floor (2.0)
    [InlineData(1.0, 0.5, 0.25)]  // below the floor the denominator is the floor
    [InlineData(12.0, 10.0, 0.2)] // above the floor: the plain percentage error
    [InlineData(8.0, 10.0, 0.2)]
    public void ErrorOf_FlooredAtTargetPerReplica_PercentageOfTheLargerOfActualAndFloor(double forecast, double actual, double expected)
    {
        var window = new TrustWindow(10, floor: 2.0);

        Assert.Equal(expected, window.ErrorOf(forecast, actual), 9);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0.001, 0.0, 1.0)]
    [InlineData(15.0, 10.0, 0.5)]
    public void ErrorOf_NoFloor_PlainPercentageWithZeroActualAllOrNothing(double forecast, double actual, double expected)
    {
        var window = new TrustWindow(10);

        Assert.Equal(expected, window.ErrorOf(forecast, actual), 9);
    }

    [Fact]
    public void MeanError_QuietNightWithSmallForecasts_StaysBelowAQuarter()
    {
        // A night of zeros forecast at a tenth of one replica's load: off by less than a replica, so trusted.
        var window = new TrustWindow(24, floor: 1.0);
        for (var i = 0; i < 24; i++)
        {
            window.Add(i, 0.1, 0.0);
        }

        Assert.Equal(0.1, window.MeanError!.Value, 9);
    }

    [Fact]
    public void Expire_ErrorsOlderThanTheWindow_NoLongerCount()
    {
        var window = new TrustWindow(2, floor: 1.0);
        window.Add(0, 20.0, 10.0); // 100%
        window.Add(1, 10.0, 10.0); // 0%
        window.Add(2, 10.0, 10.0); // 0%

        window.Expire(2);
        Assert.Equal(0.0, window.MeanError!.Value, 9);

        window.Expire(4);
        Assert.Null(window.MeanError);
    }
}
