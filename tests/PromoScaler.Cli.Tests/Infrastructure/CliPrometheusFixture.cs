using PromoScaler.Testing.Prometheus;

namespace PromoScaler.Cli.Tests.Infrastructure;

/// <summary>
/// One real Prometheus for the command tests, loaded with the small slices they query: gauges for
/// <c>validate --prometheus</c> (one hour at 15s from <see cref="T0"/>), and the NASA trace around the STS-70
/// launch as the counter <c>nasa_requests_total</c> a 15s scrape would have seen (<see cref="Nasa"/>).
/// </summary>
public sealed class CliPrometheusFixture : IAsyncLifetime
{
    /// <summary>Start of the gauges: 2024-11-11T00:00:00Z.</summary>
    public static readonly DateTimeOffset T0 = new(2024, 11, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Scrape step of the gauges.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Samples per gauge: one hour.</summary>
    public const int Samples = 240;

    /// <summary>First row of the NASA slice: 1995-07-13T12:00Z (lift-off was at 13:41Z).</summary>
    public static readonly DateTimeOffset NasaFrom = new(1995, 7, 13, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Last row of the NASA slice: 1995-07-13T15:00Z.</summary>
    public static readonly DateTimeOffset NasaTo = new(1995, 7, 13, 15, 0, 0, TimeSpan.Zero);

    private PrometheusServer? _server;

    /// <summary>The NASA slice and its counter, as imported.</summary>
    internal static ScrapedCounter Nasa { get; } = ScrapedCounter.FromTraceCsv(
        Path.Combine(AppContext.BaseDirectory, "traces", "nasa_http_jul1995_1min.csv"), NasaFrom, NasaTo);

    public Uri BaseUrl => (_server ?? throw new InvalidOperationException("the fixture did not start")).BaseUrl;

    /// <summary>
    /// <c>cli_gauge</c> = sample index k; <c>cli_two{pod=a|b}</c> = 1, 2; <c>cli_nan</c> = NaN;
    /// <c>nasa_requests_total</c> = requests served since <see cref="NasaFrom"/>, every 15s up to <see cref="NasaTo"/>.
    /// </summary>
    internal static string History()
    {
        var all = Enumerable.Range(0, Samples).ToList();
        IEnumerable<(DateTimeOffset, double)> Gauge(Func<int, double> value) => all.Select(k => (T0 + (Step * k), value(k)));
        return new OpenMetricsWriter()
            .Series("cli_gauge", "", Gauge(k => k))
            .Series("cli_two", "pod=\"a\"", Gauge(_ => 1))
            .Series("cli_two", "pod=\"b\"", Gauge(_ => 2))
            .Series("cli_nan", "", Gauge(_ => double.NaN))
            .Counter("nasa_requests", "", Nasa.Samples())
            .ToString();
    }

    public async Task InitializeAsync() => _server = await PrometheusServer.StartAsync(History());

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Command tests sharing one Prometheus; xunit runs a collection's tests one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPrometheus : ICollectionFixture<CliPrometheusFixture>
{
    public const string Name = "Real Prometheus (CLI)";
}
