using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Kubernetes.ApiServer;
using Prometheus;
using PromoScaler.Testing.Metrics;

namespace PromoScaler.Daemon.Tests.Support;

/// <summary>
/// The daemon as <c>promoscaler run</c> composes it (<see cref="DaemonHost.Build"/>: the real Kubernetes adapter,
/// state stores, leader election), pointed by a generated kubeconfig at an in-process API server. The evaluation
/// loop is driven one round at a time on a FakeTimeProvider; the metric source is a fake unless a test replaces it.
/// Retries are off (a backoff would wait on the fake clock), so every API answer is seen as it came.
/// </summary>
internal sealed class ClusterDaemon : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClusterDaemon(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public FakeMetricSource Metrics => (FakeMetricSource)_app.Services.GetRequiredService<IMetricSource>();

    public CollectorRegistry Registry => _app.Services.GetRequiredService<CollectorRegistry>();

    public ILeadership Leadership => _app.Services.GetRequiredService<ILeadership>();

    internal EvaluationLoop Loop => _app.Services.GetRequiredService<EvaluationLoop>();

    /// <summary>
    /// A daemon over <paramref name="policies"/> (a directory) and <paramref name="server"/>. <paramref name="settings"/>
    /// add to or override the configuration (state store, leader election).
    /// </summary>
    public static ClusterDaemon Create(
        KubernetesApiServer server,
        TempDirectory directory,
        string policies,
        DateTimeOffset start,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? replace = null)
    {
        var kubeconfig = server.WriteKubeconfig(directory.File("kubeconfig"), "shop");
        var values = new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policies,
            ["State:File"] = directory.File("state.json"),
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            ["Kubernetes:Retry:MaxRetries"] = "0",
            ["Kubernetes:EventInstance"] = "promoscaler-test",
            ["Prometheus:Sources:default:Url"] = "http://127.0.0.1:9",
            ["Admin:Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var time = new FakeTimeProvider(start);
        var app = DaemonHost.Build(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(global::Prometheus.Metrics.NewCustomRegistry());
            services.AddSingleton<IMetricSource>(new FakeMetricSource());
            services.AddSingleton<IMetricHistory>(new FunctionMetricHistory());
            services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
            replace?.Invoke(services);
        });
        return new ClusterDaemon(app, time);
    }

    /// <summary>
    /// Starts the whole host (the loop then runs in the background on the fake clock: each Advance lets it tick) and
    /// returns the admin listener's address.
    /// </summary>
    public async Task<Uri> StartAsync()
    {
        await _app.StartAsync();
        return new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public Task StopAsync() => _app.StopAsync();

    /// <summary>One round of the loop at the fake clock's now.</summary>
    /// <remarks>
    /// The loop runs in the background and may take the round at this instant first (rounds never overlap): the
    /// reports are every round's at the instant, the loop's included.
    /// </remarks>
    public async Task<IReadOnlyList<TickReport>> TickAsync()
    {
        await Loop.EvaluateOnceAsync(CancellationToken.None);
        return await Loop.ReportsOfNewestInstantAsync(CancellationToken.None);
    }

    public Task<IReadOnlyList<TickReport>> AdvanceAndTickAsync(TimeSpan by)
    {
        Time.Advance(by);
        return TickAsync();
    }

    /// <summary>The messages logged with event id <paramref name="eventId"/>.</summary>
    public List<string> Logged(int eventId) =>
        [.. _app.Services.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Id.Id == eventId).Select(r => r.Message)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
