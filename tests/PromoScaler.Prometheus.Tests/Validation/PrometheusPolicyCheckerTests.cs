using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;
using PromoScaler.Prometheus.Validation;

namespace PromoScaler.Prometheus.Tests.Validation;

[Collection(SharedPrometheus.Name)]
public sealed class PrometheusPolicyCheckerTests(PrometheusFixture prometheus)
{
    [Fact]
    public async Task CheckAsync_MixedMetrics_PassesOnlyOneSeriesOfAValidValueOrEmptyUnderWhenEmptyZero()
    {
        var time = new FakeTimeProvider(PrometheusFixture.T0 + TimeSpan.FromMinutes(10));
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var checker = new PrometheusPolicyChecker(harness.Source, time);

        var checks = await checker.CheckAsync(
            [
                ("shop", new MetricSpec("one", "ps_gauge", 1)),
                ("shop", new MetricSpec("nan", "ps_nan", 1)),
                ("shop", new MetricSpec("zero", "ps_absent", 1, WhenEmpty: EmptyResultMode.Zero)),
                ("shop", new MetricSpec("empty", "ps_absent", 1)),
                ("shop", new MetricSpec("two", "ps_two", 1)),
                ("shop", new MetricSpec("broken", "sum(", 1)),
            ],
            CancellationToken.None);

        Assert.Equal(
            [("one", true), ("nan", false), ("zero", true), ("empty", false), ("two", false), ("broken", false)],
            checks.Select(c => (c.Reading.Metric, c.Passed)));
        Assert.Equal(40, checks[0].Reading.Value);
        Assert.Equal(time.GetUtcNow(), checks[0].Reading.FreshAt);
        Assert.StartsWith("queryError: ", checks[5].Problem, StringComparison.Ordinal);
        Assert.StartsWith("notANumber: ", checks[1].Problem, StringComparison.Ordinal); // the engine refuses NaN
        Assert.Contains("2 series", checks[4].Problem, StringComparison.Ordinal);
        Assert.Equal(ReadFailure.QueryError, checks[5].Reading.Failure);
    }
}
