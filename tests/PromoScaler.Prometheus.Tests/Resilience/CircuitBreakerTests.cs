using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly MetricSpec Rps = new("rps", "sum(rate(x[1m]))", 100);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Sources:default:Timeout"] = "00:00:01",
        ["Sources:default:TotalTimeout"] = "00:00:05",
        ["Sources:default:Retry:MaxRetries"] = "0",
        ["Sources:default:CircuitBreaker:MinimumThroughput"] = "2",
        ["Sources:default:CircuitBreaker:FailureRatio"] = "0.5",
        ["Sources:default:CircuitBreaker:SamplingDuration"] = "00:00:30",
        ["Sources:default:CircuitBreaker:BreakDuration"] = "00:00:30",
        // Every read its own request: identical reads would share one (QueryCoalescingTests), and the breaker is
        // about distinct calls.
        ["Sources:default:QueryAlignment"] = "00:00:00",
    };

    [Fact]
    public async Task ReadAsync_SlowEndpoint_TimesOutOpensBreakerThenSendsExactlyOneProbe()
    {
        var time = new FakeTimeProvider(Now);
        await using var stub = new StubPrometheusEndpoint();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stub.Respond = async _ =>
        {
            await gate.Task;
            return (200, StubPrometheusEndpoint.SevenBody);
        };
        using var harness = SourceHarness.Create(stub.Url, time, Settings());

        // Two slow answers: each attempt times out after 1s of (fake) time; 2 failures of 2 calls open the breaker.
        var timeouts = new List<MetricReading>();
        for (var i = 1; i <= 2; i++)
        {
            var pending = harness.Source.ReadAsync(Rps, Now, CancellationToken.None).AsTask();
            await stub.WaitForRequestsAsync(i);
            time.Advance(TimeSpan.FromSeconds(1));
            timeouts.Add(await pending.WaitAsync(Guard, TimeProvider.System));
        }

        // Open: nothing reaches the endpoint, every read says so.
        var whileOpen = new List<MetricReading>();
        for (var i = 0; i < 3; i++)
        {
            whileOpen.Add(await harness.Source.ReadAsync(Rps, Now, CancellationToken.None).AsTask().WaitAsync(Guard, TimeProvider.System));
        }

        var sentWhileOpen = stub.RequestCount;
        var stateWhileOpen = harness.Metrics.CircuitState.WithLabels("default").Value;

        // After the break: concurrent reads, one probe goes out, the others are still refused.
        time.Advance(TimeSpan.FromSeconds(30));
        var probes = Enumerable.Range(0, 3).Select(i => harness.Source.ReadAsync(Rps, Now + TimeSpan.FromMilliseconds(i), CancellationToken.None).AsTask()).ToList();
        await stub.WaitForRequestsAsync(3);
        var refused = await Task.WhenAny(probes).WaitAsync(Guard, TimeProvider.System);
        gate.SetResult();
        var afterBreak = await Task.WhenAll(probes).WaitAsync(Guard, TimeProvider.System);
        var closed = await harness.Source.ReadAsync(Rps, Now, CancellationToken.None).AsTask().WaitAsync(Guard, TimeProvider.System);

        Assert.All(timeouts, r => Assert.Equal(ReadFailure.Timeout, r.Failure));
        Assert.All(whileOpen, r => Assert.Equal(ReadFailure.CircuitOpen, r.Failure));
        Assert.Equal(2, sentWhileOpen);
        Assert.Equal(2, stateWhileOpen); // open
        Assert.Equal(ReadFailure.CircuitOpen, (await refused).Failure);
        Assert.Equal(1, afterBreak.Count(r => r.Value == 7));
        Assert.Equal(2, afterBreak.Count(r => r.Failure == ReadFailure.CircuitOpen));
        Assert.Equal(7, closed.Value);
        Assert.Equal(4, stub.RequestCount); // 2 timed out, 1 probe, 1 after closing
        Assert.Equal(0, harness.Metrics.CircuitState.WithLabels("default").Value);
        Assert.Equal(5, harness.Metrics.Errors.WithLabels("default", "circuitOpen").Value);
        Assert.Equal(2, harness.Metrics.Errors.WithLabels("default", "timeout").Value);
    }

    [Fact]
    public async Task ReadAsync_EveryAttempt_CarriesPrometheusTimeoutParameterEqualToAttemptTimeout()
    {
        await using var stub = new StubPrometheusEndpoint();
        using var harness = SourceHarness.Create(stub.Url, settings: new Dictionary<string, string?> { ["Sources:default:Timeout"] = "00:00:02.5" });

        await harness.Source.ReadAsync(Rps with { CompletenessQuery = "vector(1)" }, Now, CancellationToken.None);

        Assert.Equal(2, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Contains("timeout=2500ms", r.Body, StringComparison.Ordinal));
        Assert.All(stub.Requests, r => Assert.Contains("time=1762819200", r.Body, StringComparison.Ordinal));
    }
}
