using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;
using PromoScaler.Resilience;

namespace PromoScaler.Prometheus.Tests.Resilience;

public sealed class RetryTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricSpec Rps = new("rps", "sum(rate(x[1m]))", 100);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string?> Settings(int retries) => new()
    {
        ["Sources:default:Retry:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sources:default:Retry:BaseDelay"] = "00:00:01",
        ["Sources:default:TotalTimeout"] = "00:01:00",
    };

    [Fact]
    public async Task ReadAsync_TransientServiceUnavailableOnce_RetriesAfterBackoffAndSucceeds()
    {
        var time = new FakeTimeProvider(Now);
        await using var stub = new StubPrometheusEndpoint();
        stub.Respond = _ => Task.FromResult(stub.RequestCount == 1
            ? (503, """{"status":"error","errorType":"unavailable","error":"starting"}""")
            : (200, StubPrometheusEndpoint.SevenBody));
        using var harness = SourceHarness.Create(stub.Url, time, Settings(retries: 2), new JitterSource(() => 0.5));

        var pending = harness.Source.ReadAsync(Rps, Now, CancellationToken.None).AsTask();
        await stub.WaitForRequestsAsync(1);
        var beforeBackoff = stub.RequestCount;
        while (!pending.IsCompleted && stub.RequestCount < 2)
        {
            // The backoff waits on the fake clock: nothing is sent again until it is advanced.
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        var reading = await pending.WaitAsync(Guard, TimeProvider.System);

        Assert.Equal(1, beforeBackoff);
        Assert.Equal(7, reading.Value);
        Assert.Equal(2, stub.RequestCount);
    }

    [Fact]
    public async Task ReadAsync_BadQuery_IsNotRetried()
    {
        await using var stub = new StubPrometheusEndpoint();
        stub.Respond = _ => Task.FromResult((400, """{"status":"error","errorType":"bad_data","error":"1:5: parse error"}"""));
        using var harness = SourceHarness.Create(stub.Url, settings: Settings(retries: 3));

        var reading = await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);

        Assert.Equal(ReadFailure.QueryError, reading.Failure);
        Assert.Equal(1, stub.RequestCount);
    }

    [Fact]
    public async Task ReadAsync_ServerErrorEveryTime_ReportsReadFailedAfterAllRetries()
    {
        await using var stub = new StubPrometheusEndpoint();
        stub.Respond = _ => Task.FromResult((502, "<html>bad gateway</html>"));
        var settings = Settings(retries: 2);
        settings["Sources:default:Retry:BaseDelay"] = "00:00:00.001";
        using var harness = SourceHarness.Create(stub.Url, settings: settings);

        var reading = await harness.Source.ReadAsync(Rps, Now, CancellationToken.None);

        Assert.Equal(ReadFailure.ReadFailed, reading.Failure);
        Assert.Contains("HTTP 502", reading.Detail, StringComparison.Ordinal);
        Assert.Equal(3, stub.RequestCount);
    }
}
