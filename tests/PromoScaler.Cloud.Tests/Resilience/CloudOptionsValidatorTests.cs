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

        Assert.Contains("Cloud:TotalTimeout (00:00:10) is shorter than Cloud:Timeout (00:00:20).", error.Failures);
    }

    [Fact]
    public void Validate_RateOutOfRange_FailsNamingTheField()
    {
        var error = Invalid(new() { ["RequestsPerSecond"] = "0" });

        Assert.Contains(error.Failures, f => f.Contains(nameof(CloudOptions.RequestsPerSecond), StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreValidAndDocumented()
    {
        using var services = new ServiceCollection().AddCloudScaleTargets().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<CloudOptions>>().Value;

        Assert.Equal(CloudConstants.DefaultRequestsPerSecond, options.RequestsPerSecond);
        Assert.Equal(20, options.RequestsPerSecond);
    }
}
