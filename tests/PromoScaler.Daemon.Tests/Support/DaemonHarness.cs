using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Tests.Fakes;
using Prometheus;
using PromoScaler.Testing.Metrics;

namespace PromoScaler.Daemon.Tests.Support;

/// <summary>
/// The daemon's real parts, composed by <see cref="DaemonServiceCollectionExtensions"/>, over hand-written fakes of
/// the ports, a FakeTimeProvider, a fresh metrics registry and a log collector. Tests drive the loop's single step.
/// </summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    /// <summary>2026-11-25T12:00Z.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly bool _ownsDirectory;

    private DaemonHarness(ServiceProvider services, TempDirectory directory, bool ownsDirectory, string policies, FakeTimeProvider time)
    {
        _services = services;
        _ownsDirectory = ownsDirectory;
        Directory = directory;
        PoliciesDirectory = policies;
        Time = time;
    }

    public TempDirectory Directory { get; }

    public string PoliciesDirectory { get; }

    public string StateFile => Directory.File("state.json");

    public FakeTimeProvider Time { get; }

    public FakeMetricSource Metrics => (FakeMetricSource)_services.GetRequiredService<IMetricSource>();

    public FunctionMetricHistory History => (FunctionMetricHistory)_services.GetRequiredService<IMetricHistory>();

    public RecordingTargetProvider Targets => (RecordingTargetProvider)_services.GetRequiredService<IScaleTargetProvider>();

    public CollectorRegistry Registry => _services.GetRequiredService<CollectorRegistry>();

    public FakeLogCollector Logs => _services.GetRequiredService<FakeLogCollector>();

    public DaemonReadiness Readiness => _services.GetRequiredService<DaemonReadiness>();

    public PolicyCatalog Catalog => _services.GetRequiredService<PolicyCatalog>();

    internal EvaluationLoop Loop => _services.GetRequiredService<EvaluationLoop>();

    public IServiceProvider Services => _services;

    /// <summary>A harness over a new directory holding <paramref name="policies"/> (file name, YAML).</summary>
    public static DaemonHarness Create(
        IEnumerable<(string File, string Yaml)> policies,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? replace = null,
        TempDirectory? directory = null,
        DateTimeOffset? start = null,
        RecordingTargetProvider? targets = null)
    {
        var owns = directory is null;
        directory ??= new TempDirectory();
        var policyDirectory = directory.File("policies");
        System.IO.Directory.CreateDirectory(policyDirectory);
        foreach (var (file, yaml) in policies)
        {
            File.WriteAllText(Path.Combine(policyDirectory, file), yaml);
        }

        var values = new Dictionary<string, string?>
        {
            ["Policies:Directory"] = policyDirectory,
            ["State:File"] = directory.File("state.json"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(start ?? Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(global::Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IMetricSource>(new FakeMetricSource());
        services.AddSingleton<IMetricHistory>(new FunctionMetricHistory());
        services.AddSingleton<IScaleTargetProvider>(targets ?? new RecordingTargetProvider());
        services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        replace?.Invoke(services);
        services.AddPromoScalerDaemon(configuration).AddDaemonStateStore(configuration);
        return new DaemonHarness(services.BuildServiceProvider(), directory, owns, policyDirectory, time);
    }

    public static DaemonHarness Create(params string[] policyNames) =>
        Create(policyNames.Select(n => ($"{n}.yaml", DaemonPolicyYaml.Policy(n))));

    /// <summary>Writes (or replaces) a policy file.</summary>
    public void WritePolicy(string file, string yaml) => File.WriteAllText(Path.Combine(PoliciesDirectory, file), yaml);

    public void DeletePolicy(string file) => File.Delete(Path.Combine(PoliciesDirectory, file));

    /// <summary>Sets policy <paramref name="name"/>'s metric value.</summary>
    public void SetLoad(string name, double value) => Metrics.Set(DaemonPolicyYaml.Query(name), value);

    /// <summary>One round of the loop at the fake clock's now.</summary>
    public Task<IReadOnlyList<TickReport>> TickAsync() => Loop.EvaluateOnceAsync(CancellationToken.None);

    /// <summary>Advances the clock and runs one round.</summary>
    public Task<IReadOnlyList<TickReport>> AdvanceAndTickAsync(TimeSpan by)
    {
        Time.Advance(by);
        return TickAsync();
    }

    /// <summary>The messages logged with event id <paramref name="eventId"/>.</summary>
    public List<string> Logged(int eventId) => [.. Logs.GetSnapshot().Where(r => r.Id.Id == eventId).Select(r => r.Message)];

    public ILeadership Leadership => _services.GetRequiredService<ILeadership>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDirectory)
        {
            Directory.Dispose();
        }
    }
}
