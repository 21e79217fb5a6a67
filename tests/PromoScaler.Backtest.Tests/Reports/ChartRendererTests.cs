using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Tests.Fakes;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Reports;

public sealed class ChartRendererTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "promoscaler-chart-" + Guid.NewGuid().ToString("N") + ".png");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void AvailableFont_TestMachine_FindsAFontSoTheChartHasText()
    {
        // The test command installs fonts-dejavu-core; without any font the chart would be drawn without text.
        Assert.Equal("DejaVu Sans", ChartRenderer.AvailableFont());
    }

    [Fact]
    public void Render_RunWithPrewarmAndHole_WritesAPngOfTheChartSize()
    {
        // Two days at 1 minute with a daily wave, a surge, and an empty hour (a hole in the demand).
        var values = Enumerable.Range(0, 2 * 1440)
            .Select(i => i is >= 1500 and < 1560 ? double.NaN : 20 + 15 * Math.Sin(2 * Math.PI * i / 1440) + (i is >= 2000 and < 2060 ? 40 : 0));
        var csv = Csv(TimeSpan.FromMinutes(1), values).Replace(",NaN\n", ",\n", StringComparison.Ordinal);
        var policy = DemandPolicy.Builder(8, 10).Replicas(1, 40).Startup(TimeSpan.FromSeconds(90))
            .OneOffPrewarm("surge", T0 + TimeSpan.FromMinutes(2000), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(30), replicas: 9)
            .Build();
        var result = new BacktestRunner(ReactiveOnlyEngine.Decide).Run(policy, Parse(csv), new BacktestSettings(), withFrontier: false);

        ChartRenderer.Render(result, _path);

        var bytes = File.ReadAllBytes(_path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        var width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        var height = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        Assert.Equal((ChartRenderer.Width, ChartRenderer.Height), (width, height));
        if (Environment.GetEnvironmentVariable("PROMOSCALER_KEEP_CHART") is { Length: > 0 } keep)
        {
            File.Copy(_path, keep, overwrite: true);
        }
    }
}
