using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Testing.Metrics;

namespace PromoScaler.Daemon.Tests.Forecasting;

/// <summary>A predicting policy in the daemon: its forecast is judged by its decisions, and that judgement survives a restart.</summary>
public sealed class ForecastGateFeedTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static string Predicting() => DaemonPolicyYaml.Policy("checkout", extraSpec: """
          startup: 1m
          prediction:
            model: seasonalNaive
            metric: rps
            history: 2d
            season: 1d
            step: 1m
            trust: { window: 2h, maxError: 50% }
        """);

    // Daily shape: the day before repeats exactly, so the forecast is accurate.
    private static double? Load(DateTimeOffset t) => 400 + (200 * Math.Sin(t.TimeOfDay.TotalHours / 24 * 2 * Math.PI));

    [Fact]
    public async Task Ticks_FeedTheGate_ItsVerdictIsExplained_AndItsMemoryIsRestoredAfterARestart()
    {
        using var directory = new TempDirectory();
        var targets = new RecordingTargetProvider();
        var policies = new[] { ("checkout.yaml", Predicting()) };
        int pending;
        await using (var first = DaemonHarness.Create(policies, directory: directory, targets: targets, replace: s => s.AddSingleton<IMetricHistory>(new FunctionMetricHistory(Load))))
        {
            Decision? last = null;
            for (var i = 0; i < 20; i++)
            {
                first.SetLoad("checkout", Load(first.Time.GetUtcNow())!.Value);
                last = (await first.AdvanceAndTickAsync(Interval)).Single().Decision;
            }

            Assert.Contains(last!.Explanation, s => s.Code is ReasonCode.ForecastNotEarned or ReasonCode.ForecastEarned);
            pending = first.Loop.Runtimes().Single().Runtime!.Gate!.PendingCount;
            Assert.True(pending > 0);
        }

        Assert.Contains("\"forecastGate\"", await File.ReadAllTextAsync(directory.File("state.json")), StringComparison.Ordinal);
        await using var second = DaemonHarness.Create(policies, directory: directory, targets: targets, start: DaemonHarness.Start + (Interval * 21),
            replace: s => s.AddSingleton<IMetricHistory>(new FunctionMetricHistory(Load)));
        second.SetLoad("checkout", Load(second.Time.GetUtcNow())!.Value);
        await second.TickAsync();

        Assert.True(second.Loop.Runtimes().Single().Runtime!.Gate!.PendingCount >= pending, "the gate restarted empty");
    }
}
