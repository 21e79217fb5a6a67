using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.DependencyInjection;

namespace PromoScaler.Cloud.Tests.Resilience;

public sealed class CloudOptionsValidatorTests
{
    private static OptionsValidationException Invalid(Dictionary<string, string?> settings)
    {
        using var services = new ServiceCollection()
            .AddCloudScaleTargets(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CloudOptions>>().Value);
    }

    [Fact]
    public void Validate_TotalTimeoutShorterThanTimeout_Fails()
    {
        var error = Invalid(new() { ["Timeout"] = "00:00:20", ["TotalTimeout"] = "00:00:10" });

        Assert.Contains("Cloud:TotalTimeout: 00:00:10 is shorter than the per-attempt Timeout 00:00:20.", error.Failures);
    }

    [Fact]
    public void Validate_RateOutOfRange_FailsNamingTheKey()
    {
        var error = Invalid(new() { ["RequestsPerSecond"] = "0" });

        Assert.Equal(["Cloud:RequestsPerSecond: The field RequestsPerSecond must be between 1 and 1000."], error.Failures);
    }

    [Fact]
    public void Validate_RetryAndBreakerOutOfRange_FailNamingTheirKeys()
    {
        var error = Invalid(new() { ["Retry:MaxRetries"] = "11", ["CircuitBreaker:FailureRatio"] = "2" });

        Assert.Equal(
            [
                "Cloud:CircuitBreaker:FailureRatio: The field FailureRatio must be between 0.01 and 1.",
                "Cloud:Retry:MaxRetries: The field MaxRetries must be between 0 and 10.",
            ],
            error.Failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Retry_AndBreaker_BindFromTheirSections()
    {
        using var services = new ServiceCollection()
            .AddCloudScaleTargets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Retry:MaxRetries"] = "1",
                ["Retry:BaseDelay"] = "00:00:02",
                ["CircuitBreaker:SamplingDuration"] = "00:02:00",
            }).Build())
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<CloudOptions>>().Value;

        Assert.Equal((1, TimeSpan.FromSeconds(2)), (options.Retry.MaxRetries, options.Retry.BaseDelay));
        Assert.Equal(TimeSpan.FromMinutes(2), options.CircuitBreaker.SamplingDuration);
        Assert.Equal(CloudConstants.DefaultBreakDuration, options.CircuitBreaker.BreakDuration);
    }

    [Fact]
    public void Defaults_AreValidAndDocumented()
    {
        using var services = new ServiceCollection().AddCloudScaleTargets().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<CloudOptions>>().Value;

        Assert.Equal(CloudConstants.DefaultRequestsPerSecond, options.RequestsPerSecond);
        Assert.Equal(20, options.RequestsPerSecond);
        Assert.Equal((4, TimeSpan.FromSeconds(1)), (options.Retry.MaxRetries, options.Retry.BaseDelay));
        Assert.Equal((0.5, 4, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)), (options.CircuitBreaker.FailureRatio, options.CircuitBreaker.MinimumThroughput, options.CircuitBreaker.SamplingDuration, options.CircuitBreaker.BreakDuration));
    }
}
