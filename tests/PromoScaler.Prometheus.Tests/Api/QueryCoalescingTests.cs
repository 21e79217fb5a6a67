using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Api;

/// <summary>
/// Reads of one query at one instant share one request to the real Prometheus, counted twice: by a handler in front
/// of the source's HTTP client and by Prometheus' own <c>prometheus_http_requests_total</c>.
/// </summary>
[Collection(SharedPrometheus.Name)]
public sealed class QueryCoalescingTests(PrometheusFixture prometheus)
{
    private static readonly DateTimeOffset Mid = PrometheusFixture.T0 + TimeSpan.FromMinutes(10);
    private static readonly MetricSpec Gauge = new("rps", "ps_gauge", 100);

    [Fact]
    public async Task ReadAsync_TwentyConcurrentReadsOfOneQueryAndInstant_SendOneRequestAndAllGetTheAnswer()
    {
        var gate = new GatedHandler(open: false);
        using var harness = Harness(gate, alignment: "00:00:00");
        var before = await PrometheusQueriesServedAsync();

        var reads = Enumerable.Range(0, 20).Select(_ => harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None).AsTask()).ToList();
        await gate.WaitForAsync(1);
        gate.Open();
        var readings = await Task.WhenAll(reads);

        Assert.All(readings, r => Assert.Equal(40, r.Value));
        Assert.Equal(1, gate.Count);
        Assert.Equal(1, await PrometheusQueriesServedAsync() - before);
        Assert.Equal(19, harness.Metrics.Coalesced.WithLabels("default", "inFlight").Value);
        Assert.Equal(1, harness.Metrics.Requests.WithLabels("default", "query").Value);
    }

    [Fact]
    public async Task ReadAsync_DifferentInstants_SendSeparateRequests()
    {
        var gate = new GatedHandler(open: false);
        using var harness = Harness(gate, alignment: "00:00:00");

        var early = harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None).AsTask();
        var oneMillisecondLater = harness.Source.ReadAsync(Gauge, Mid + TimeSpan.FromMilliseconds(1), CancellationToken.None).AsTask();
        var nextSample = harness.Source.ReadAsync(Gauge, Mid + TimeSpan.FromSeconds(15), CancellationToken.None).AsTask();
        await gate.WaitForAsync(3);
        gate.Open();

        Assert.Equal(40, (await early).Value);
        Assert.Equal(40, (await oneMillisecondLater).Value);
        Assert.Equal(41, (await nextSample).Value);
        Assert.Equal(3, gate.Count);
        Assert.Equal(0, harness.Metrics.Coalesced.WithLabels("default", "inFlight").Value);
    }

    [Fact]
    public async Task ReadAsync_InstantsWithinOneAlignmentStep_ShareOneRequest_TheNextStepSendsAnother()
    {
        var gate = new GatedHandler();
        using var harness = Harness(gate, alignment: "00:00:01");

        var a = await harness.Source.ReadAsync(Gauge, Mid + TimeSpan.FromMilliseconds(100), CancellationToken.None);
        var b = await harness.Source.ReadAsync(Gauge, Mid + TimeSpan.FromMilliseconds(900), CancellationToken.None);
        Assert.Equal(1, gate.Count);
        var c = await harness.Source.ReadAsync(Gauge, Mid + TimeSpan.FromMilliseconds(1100), CancellationToken.None);

        Assert.Equal(2, gate.Count);
        Assert.Equal([40.0, 40.0, 40.0], new[] { a.Value!.Value, b.Value!.Value, c.Value!.Value });
        Assert.Equal(1, harness.Metrics.Coalesced.WithLabels("default", "recent").Value);
    }

    [Fact]
    public async Task ReadAsync_KeptAnswer_IsReusedOnlyWithinTheAlignmentStepOfTheClock()
    {
        var time = new FakeTimeProvider(Mid);
        var gate = new GatedHandler();
        using var harness = Harness(gate, alignment: "00:00:01", time);

        await harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None);
        Assert.Equal(1, gate.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None);

        Assert.Equal(2, gate.Count);
    }

    [Fact]
    public async Task ReadAsync_SharedRequestFails_EveryWaiterSeesTheFailure_AndTheNextReadAsksAgain()
    {
        var gate = new GatedHandler(open: false);
        using var harness = Harness(gate, alignment: "00:00:01");
        var broken = new MetricSpec("rps", "sum(ps_gauge", 100);

        var reads = Enumerable.Range(0, 5).Select(_ => harness.Source.ReadAsync(broken, Mid, CancellationToken.None).AsTask()).ToList();
        await gate.WaitForAsync(1);
        gate.Open();
        var readings = await Task.WhenAll(reads);
        var again = await harness.Source.ReadAsync(broken, Mid, CancellationToken.None);

        Assert.All(readings, r => Assert.Equal(ReadFailure.QueryError, r.Failure));
        Assert.All(readings, r => Assert.Null(r.Value));
        Assert.Equal(ReadFailure.QueryError, again.Failure);
        Assert.Equal(2, gate.Count); // a failure is never kept
        Assert.Equal(4, harness.Metrics.Coalesced.WithLabels("default", "inFlight").Value);
    }

    [Fact]
    public async Task ReadAsync_TheReadThatSentTheRequestIsCancelled_TheOthersStillGetTheAnswer()
    {
        var gate = new GatedHandler(open: false);
        using var harness = Harness(gate, alignment: "00:00:00");
        using var cancelFirst = new CancellationTokenSource();

        var first = harness.Source.ReadAsync(Gauge, Mid, cancelFirst.Token).AsTask();
        var others = Enumerable.Range(0, 3).Select(_ => harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None).AsTask()).ToList();
        await gate.WaitForAsync(1);
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.Open();

        Assert.All(await Task.WhenAll(others), r => Assert.Equal(40, r.Value));
        Assert.Equal(1, gate.Count);
    }

    [Fact]
    public async Task ReadAsync_EveryWaiterCancelled_TheRequestIsAbandoned_AndANewReadSendsItsOwn()
    {
        var gate = new GatedHandler(open: false);
        using var harness = Harness(gate, alignment: "00:00:00");
        using var cancel = new CancellationTokenSource();

        var reads = Enumerable.Range(0, 2).Select(_ => harness.Source.ReadAsync(Gauge, Mid, cancel.Token).AsTask()).ToList();
        await gate.WaitForAsync(1);
        await cancel.CancelAsync();
        foreach (var read in reads)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        }

        var fresh = harness.Source.ReadAsync(Gauge, Mid, CancellationToken.None).AsTask();
        await gate.WaitForAsync(1);
        gate.Open();

        Assert.Equal(40, (await fresh).Value);
        Assert.Equal(2, gate.Count);
    }

    [Fact]
    public void Align_RoundsDownToTheStepOnTheUnixEpoch()
    {
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 7, 654, TimeSpan.Zero);

        Assert.Equal(at - TimeSpan.FromMilliseconds(654), PrometheusMetricSource.Align(at, TimeSpan.FromSeconds(1)));
        Assert.Equal(at - TimeSpan.FromMilliseconds(2654), PrometheusMetricSource.Align(at, TimeSpan.FromSeconds(5)));
        Assert.Equal(at, PrometheusMetricSource.Align(at, TimeSpan.Zero));
        Assert.Equal(PrometheusConstants.DefaultQueryAlignment, TimeSpan.FromSeconds(1));
    }

    private SourceHarness Harness(GatedHandler gate, string alignment, TimeProvider? time = null) =>
        SourceHarness.Create(
            prometheus.BaseUrl,
            time,
            new Dictionary<string, string?> { ["Sources:default:QueryAlignment"] = alignment },
            configure: services => services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => gate)));

    // Prometheus' own count of the instant queries it answered, whatever their status.
    private async Task<double> PrometheusQueriesServedAsync()
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(prometheus.BaseUrl, "metrics"));
        return text.Split('\n')
            .Where(l => l.StartsWith("prometheus_http_requests_total{", StringComparison.Ordinal) && l.Contains("handler=\"/api/v1/query\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
