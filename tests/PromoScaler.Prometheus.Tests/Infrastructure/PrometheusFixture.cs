using PromoScaler.Testing.Prometheus;

namespace PromoScaler.Prometheus.Tests.Infrastructure;

/// <summary>
/// One real Prometheus for the collection, loaded with the small history the tests below query (one hour at 15s,
/// from <see cref="T0"/>).
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    /// <summary>Start of the imported history: 2024-11-11T00:00:00Z.</summary>
    public static readonly DateTimeOffset T0 = new(2024, 11, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Scrape step of the imported history.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Samples per series: one hour.</summary>
    public const int Samples = 240;

    /// <summary>Sample index at which <c>ps_load{instance="i4"}</c> stops reporting and <c>ps_up</c> turns 0: T0 + 30m.</summary>
    public const int InstanceLostAt = 120;

    /// <summary>Sample index after which <c>ps_frozen</c> has no new samples: T0 + 20m.</summary>
    public const int FrozenAfter = 80;

    private PrometheusServer? _server;

    internal PrometheusServer Server => _server ?? throw new InvalidOperationException("the fixture did not start");

    public Uri BaseUrl => Server.BaseUrl;

    /// <summary>
    /// <c>ps_gauge</c> = sample index k; <c>ps_two{pod=a|b}</c> = 1, 2; <c>ps_nan</c> = NaN; <c>ps_negative</c> = -5;
    /// <c>ps_inf</c> = +Inf; <c>ps_load{instance=i1..i4}</c> = 100 each, i4 gone from k = 120 when its
    /// <c>ps_up</c> becomes 0; <c>ps_frozen</c> = 42 up to k = 80 and nothing after.
    /// </summary>
    internal static string History()
    {
        var all = Enumerable.Range(0, Samples).ToList();
        IEnumerable<(DateTimeOffset, double)> Gauge(IEnumerable<int> ks, Func<int, double> value) => ks.Select(k => (T0 + (Step * k), value(k)));

        var writer = new OpenMetricsWriter()
            .Series("ps_gauge", "", Gauge(all, k => k))
            .Series("ps_two", "pod=\"a\"", Gauge(all, _ => 1))
            .Series("ps_two", "pod=\"b\"", Gauge(all, _ => 2))
            .Series("ps_nan", "", Gauge(all, _ => double.NaN))
            .Series("ps_negative", "", Gauge(all, _ => -5))
            .Series("ps_inf", "", Gauge(all, _ => double.PositiveInfinity))
            .Series("ps_frozen", "", Gauge(all.Where(k => k <= FrozenAfter), _ => 42));
        foreach (var instance in new[] { "i1", "i2", "i3", "i4" })
        {
            var lost = instance == "i4";
            writer.Series("ps_load", $"instance=\"{instance}\"", Gauge(all.Where(k => !lost || k < InstanceLostAt), _ => 100));
        }

        foreach (var instance in new[] { "i1", "i2", "i3", "i4" })
        {
            var lost = instance == "i4";
            writer.Series("ps_up", $"instance=\"{instance}\"", Gauge(all, k => lost && k >= InstanceLostAt ? 0 : 1));
        }

        return writer.ToString();
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

/// <summary>Tests sharing one Prometheus; xunit runs a collection's tests one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPrometheus : ICollectionFixture<PrometheusFixture>
{
    public const string Name = "Real Prometheus";
}
