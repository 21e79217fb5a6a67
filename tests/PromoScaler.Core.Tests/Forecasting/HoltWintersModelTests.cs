using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Forecasting;

public class HoltWintersModelTests
{
    private const int Season = 24;

    [Theory]
    [InlineData(Seasonality.Additive)]
    [InlineData(Seasonality.Multiplicative)]
    public void Forecast_RampThatStops_ConvergesToAFiniteLevel(Seasonality seasonality)
    {
        // Three flat seasons, then a ramp of +2 per sample over the last season: the trend at the end is positive.
        var data = new double[4 * Season];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = 100 + (i >= 3 * Season ? 2.0 * (i - 3 * Season + 1) : 0);
        }

        var model = new HoltWintersModel(Season, seasonality);
        model.Fit(data);

        // Damped (Gardner & McKenzie): the forecast levels off instead of climbing 2 per sample for ever; an undamped
        // trend would add hundreds between these two horizons, the damped one at most phi^50 / (1 - phi) of it.
        var far = model.Forecast(100 * Season);
        var farther = model.Forecast(200 * Season);
        Assert.InRange(model.Phi, 0.8, 0.98);
        Assert.True(double.IsFinite(far));
        Assert.InRange(farther - far, -1.0, 1.0);
        Assert.InRange(far, 100.0, data[^1] + 2.0 / (1 - 0.98) + 1);
    }
}
