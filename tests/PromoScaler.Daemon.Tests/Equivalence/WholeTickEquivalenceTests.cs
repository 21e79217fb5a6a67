using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Core.Ports;
using PromoScaler.Core.Runtime;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Daemon.Tests.Equivalence;

/// <summary>
/// What a backtest shows is what production does, for the whole tick: one policy and one trace run through the
/// daemon (its evaluation loop on a FakeTimeProvider, the trace served as Prometheus would, the real Kubernetes
/// adapter against the in-process API server whose pods are ready <c>startup</c> after a scale-up) and through the
/// backtest's replay give the same decisions, tick by tick: instant, desired count and reason.
/// </summary>
/// <remarks>
/// Both sides see the same physical signal: readings are the 1m rate without delay (backtest
/// <c>--metric-delay 0s --metric-window 1m</c>), so the backtest's signal lag is 30s and the daemon is told the same
/// (<c>Evaluation:SignalLag</c>). The daemon's first tick is at once and later ones at its policy's phase; the
/// backtest ticks at <c>from</c> and then at the same phase, so the run starts off the phase grid and both sides still
/// tick at the same instants. A restart is made on a phase slot (a restart off the grid adds one tick at once, which a
/// backtest does not model).
/// </remarks>
public sealed class WholeTickEquivalenceTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Run = TimeSpan.FromMinutes(40);

    private const string Prediction = """
          prediction:
            model: seasonalNaive
            history: 2h
            season: 1h
            step: 1m
            headroom: 10%
            trust: { window: 30m, maxError: 50% }
        """;

    [Fact]
    public Task TargetModeWithPrediction_SameDecisions() =>
        AssertSameAsync("predicting", Policy("predicting", "Deployment", Prediction));

    // The target observed from the watch cache (docs/kubernetes.md, "Target watch cache"): the same decisions.
    [Fact]
    public Task TargetModeWithPredictionFromTheWatchCache_SameDecisions() =>
        AssertSameAsync("cached", Policy("cached", "Deployment", Prediction), cache: true);

    [Fact]
    public Task CalibratedFromTheWatchCache_SameDecisions() =>
        AssertSameAsync("cachedcalibrated", Policy("cachedcalibrated", "Deployment", """
              sizing: { mode: calibrated, coverage: 90%, window: 1h }
            """), cache: true);

    [Fact]
    public Task Calibrated_SameDecisions() =>
        AssertSameAsync("calibrated", Policy("calibrated", "Deployment", """
              sizing: { mode: calibrated, coverage: 90%, window: 1h }
            """));

    [Fact]
    public Task HpaFloorThatPredicts_SameDecisions() =>
        AssertSameAsync("floor", Policy("floor", "HorizontalPodAutoscaler", Prediction));

    [Fact]
    public Task PrewarmedWithARestartInTheMiddle_SameDecisions()
    {
        var start = Base + TimeSpan.FromMinutes(20);
        var prewarm = $"""
              prewarm:
                - name: sale
                  start: {start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}
                  lead: 5m
                  replicas: 30
                  hold: 5m
                  rampDown: 5m
            """;
        // The daemon stops inside the window (after the pre-warm raised the floor) and a new one takes over from the
        // state file at the same instant.
        return AssertSameAsync("prewarmed", Policy("prewarmed", "Deployment", prewarm), restartAfter: TimeSpan.FromMinutes(17));
    }

    private static async Task AssertSameAsync(string name, string yaml, TimeSpan? restartAfter = null, bool cache = false)
    {
        var from = Base;
        var policy = Load(name, yaml, from);
        var trace = Trace(from);
        var settings = new BacktestSettings(From: from, To: from + Run, MetricDelay: TimeSpan.Zero, MetricWindow: TracePrometheus.RateWindow);
        var prepared = BacktestRunner.Prepare(policy, trace, settings);

        var backtest = Backtest(prepared);
        var daemon = await DaemonAsync(prepared, yaml, restartAfter, cache);

        Assert.True(backtest.Count > 150, $"only {backtest.Count} backtest ticks");
        Assert.Contains(backtest, line => line.Contains(" Scale ", StringComparison.Ordinal));
        if (policy.Spec.Prediction is not null)
        {
            // The forecast was in play: proposed, or judged by the gate.
            Assert.Contains(backtest, line => !line.Contains("predictive=-", StringComparison.Ordinal) || !line.Contains("gate=-", StringComparison.Ordinal));
        }

        Assert.Equal(Render(backtest), Render(daemon));
    }

    // The backtest's own replay, recording every decision of the policy (not of the HPA it simulates under a floor).
    private static List<string> Backtest(PreparedBacktest prepared)
    {
        var decisions = new List<string>();
        var policy = BacktestRunner.Ablate(prepared.Policy, Ablation.None);
        PolicyReplay.Run(policy, prepared.Context, null, input =>
        {
            var decision = DecisionEngine.Decide(input);
            if (input.Policy.Name == policy.Name)
            {
                decisions.Add(Line(input.Now, decision));
            }

            return decision;
        });
        return decisions;
    }

    private static async Task<List<string>> DaemonAsync(PreparedBacktest prepared, string yaml, TimeSpan? restartAfter, bool cache)
    {
        var policy = prepared.Policy;
        var context = prepared.Context;
        var time = new FakeTimeProvider(context.From);
        await using var server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { TimeProvider = time, PodStartup = policy.Spec.Startup });
        var initial = PolicyReplay.InitialReplicas(policy, context);
        server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", policy.Name, initial, readyReplicas: initial));
        if (policy.Spec.Target.Kind == TargetKind.HorizontalPodAutoscaler)
        {
            var g = policy.Spec.Guardrails;
            server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", policy.Name, policy.Name, g.MinReplicas, g.MaxReplicas, initial));
        }

        using var directory = new TempDirectory();
        var policies = directory.File("policies");
        Directory.CreateDirectory(policies);
        await File.WriteAllTextAsync(Path.Combine(policies, policy.Name + ".yaml"), yaml);
        var prometheus = new TracePrometheus(context.Curves["rps"]);
        var lines = new List<string>();
        var restartAt = restartAfter is { } r ? Cadence.SlotAfter(context.From + r, Cadence.PhaseOf(policy.Name, policy.Spec.Interval), policy.Spec.Interval) : DateTimeOffset.MaxValue;
        await RunDaemonAsync(server, directory, policies, time, prometheus, until: restartAt < context.To ? restartAt : context.To, lines, cache);
        if (restartAt < context.To)
        {
            await RunDaemonAsync(server, directory, policies, time, prometheus, until: context.To, lines, cache);
        }

        if (cache)
        {
            // Most ticks observed from the cache: a GET only at the start, after the daemon's own writes (until the
            // watch delivers them) and when the fake clock outran the cache's age.
            var gets = server.Requests.Matching("GET", $"/apis/apps/v1/namespaces/shop/deployments/{policy.Name}").Count;
            Assert.True(gets < lines.Count / 2, $"{gets} GETs for {lines.Count} ticks");
        }

        return lines;
    }

    // Rounds at every instant the daemon's clock asks for, before `until`, as the hosted loop would run them.
    private static async Task RunDaemonAsync(KubernetesApiServer server, TempDirectory directory, string policies, FakeTimeProvider time, TracePrometheus prometheus, DateTimeOffset until, List<string> lines, bool cache)
    {
        await using var daemon = ClusterDaemon.Create(server, directory, policies, time.GetUtcNow(), new Dictionary<string, string?> { ["Evaluation:SignalLag"] = "00:00:30", ["Kubernetes:TargetCache:Enabled"] = cache ? "true" : "false", ["Kubernetes:TargetCache:MaxAge"] = "00:10:00" }, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IMetricSource>(prometheus);
            services.AddSingleton<IMetricHistory>(prometheus);
        });
        var reports = await daemon.TickAsync();
        while (true)
        {
            foreach (var report in reports)
            {
                Assert.True(report.Decision is not null, $"{report.At:o}: {report.Problem}");
                lines.Add(Line(report.At, report.Decision));
            }

            if (daemon.Loop.NextWanted() is not { } next || next >= until)
            {
                break;
            }

            time.Advance(next - time.GetUtcNow());
            reports = await daemon.TickAsync();
        }

        time.Advance(until - time.GetUtcNow());
    }

    // The instant, the action, the counts, the reason, the forecast's proposal and the gate's verdict when it judged.
    private static string Line(DateTimeOffset at, Decision decision)
    {
        var gate = decision.Explanation.Where(s => s.Code is ReasonCode.ForecastEarned or ReasonCode.ForecastNotEarned).Select(s => s.Code.ToString()).FirstOrDefault() ?? "-";
        var predictive = decision.Components.Predictive?.ToString(CultureInfo.InvariantCulture) ?? "-";
        return string.Create(CultureInfo.InvariantCulture, $"{at:HH:mm:ss.fffffff} {decision.Action} {decision.Current}->{decision.Desired} {decision.Reason} predictive={predictive} gate={gate} raw={decision.Components.Raw}");
    }

    private static string Render(List<string> lines) => string.Join('\n', lines);


    private static string Policy(string name, string kind, string extraSpec) => $$"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {{name}}
        spec:
          target: { kind: {{kind}}, namespace: shop, name: {{name}} }
          interval: 15s
          startup: 60s
          metrics:
            - name: rps
              query: sum(rate(rps_total{app="{{name}}"}[1m]))
              targetPerReplica: 100
              capacityPerReplica: 125
        {{extraSpec}}
          guardrails:
            minReplicas: 2
            maxReplicas: 60
        """;

    private static ScalingPolicy Load(string name, string yaml, DateTimeOffset now)
    {
        var load = PolicyLoader.LoadText(name + ".yaml", yaml, now);
        Assert.True(load.Succeeded, string.Join("; ", load.Errors.Select(e => e.ToString())));
        return Assert.Single(load.Policies);
    }

    // Three hours of history before the run, then the run: an hourly wave of 1,000 +- 400 rps, and a surge to 2,600
    // between 20 and 28 minutes into the run (reached in 2 minutes), which the step limits and the forecast meet.
    private static Trace Trace(DateTimeOffset from)
    {
        var first = new DateTimeOffset(from.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero) - TimeSpan.FromHours(3);
        var csv = new StringBuilder("timestamp,rps\n");
        for (var t = first; t <= from + Run + TimeSpan.FromMinutes(2); t += TimeSpan.FromMinutes(1))
        {
            var minutes = (t - from).TotalMinutes;
            var surge = Math.Clamp(Math.Min(minutes - 20, 28 - minutes) / 2, 0, 1) * 1200;
            var value = 1000 + (400 * Math.Sin(2 * Math.PI * (t - first).TotalMinutes / 60)) + surge;
            csv.Append(CultureInfo.InvariantCulture, $"{t:yyyy-MM-ddTHH:mm:ssZ},{value:F3}\n");
        }

        return TraceReader.Read(new StringReader(csv.ToString()), "equivalence.csv");
    }
}
