using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cloud.Credentials;
using PromoScaler.Cloud.DependencyInjection;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Resilience;
using Prometheus;

namespace PromoScaler.Cloud.Tests.Infrastructure;

/// <summary>
/// The registered cloud provider as the daemon gets it (through <c>AddCloudScaleTargets</c>), with a fake clock,
/// fixed jitter, no retry delay (so retries need no clock advance) and an environment the test fills in.
/// </summary>
internal sealed class CloudHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public CloudHarness(TimeProvider? time = null, Dictionary<string, string?>? settings = null, CollectorRegistry? metrics = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 23, 50, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Retry:BaseDelay"] = "00:00:00", ["Retry:MaxRetries"] = "3" })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection();
        if (metrics is not null)
        {
            services.AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(metrics));
        }

        _services = services
            .AddSingleton(Time)
            .AddSingleton(new JitterSource(() => 0.5))
            .AddSingleton(new CloudEnvironment(name => Variables.GetValueOrDefault(name), "/nonexistent-home"))
            .AddCloudScaleTargets(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public TimeProvider Time { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public IScaleTargetProvider Provider => _services.GetServices<IScaleTargetProvider>().Single();

    public IScaleTarget Create(TargetRef target)
    {
        Assert.True(Provider.Serves(target));
        return Provider.Create(target);
    }

    public void Dispose() => _services.Dispose();
}
