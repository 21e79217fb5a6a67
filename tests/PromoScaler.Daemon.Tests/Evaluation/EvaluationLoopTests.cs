using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Evaluation;

public class EvaluationLoopTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EvaluateOnce_Surge_WritesWithinOneInterval()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 200); // 2 replicas at 100 per replica: steady
        await daemon.TickAsync();
        Assert.Empty(daemon.Targets["checkout"].Writes);

        daemon.SetLoad("checkout", 900);
        var reports = await daemon.AdvanceAndTickAsync(Interval);

        var write = Assert.Single(daemon.Targets["checkout"].Writes);
        Assert.Equal(6, write.Replicas); // HPA's default scale-up limit from 2: the larger of +100% and +4 pods per 15s
        Assert.Equal(2, write.Current);
        Assert.Equal("ok", Assert.Single(reports).Write);
        Assert.Contains("2 -> 6", write.Summary, StringComparison.Ordinal);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_writes_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"ok\"}"));
        Assert.Equal(6, MetricsText.Value(daemon.Registry, "promoscaler_policy_desired_replicas{policy=\"checkout\"}"));
    }

    [Fact]
    public async Task EvaluateOnce_BeforeItsNextSlot_DoesNotTickAgain()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 200);
        Assert.Single(await daemon.TickAsync());
        var next = daemon.Loop.NextWanted()!.Value;
        Assert.InRange(next - DaemonHarness.Start, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(15));

        Assert.Empty(await daemon.AdvanceAndTickAsync(next - daemon.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1)));
        Assert.Single(await daemon.AdvanceAndTickAsync(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(next + TimeSpan.FromSeconds(15), daemon.Loop.NextWanted());
    }

    [Fact]
    public async Task EvaluateOnce_TwoRoundsAskedAtOnce_TickEachPolicyOnce()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 200);
        await daemon.TickAsync();
        daemon.SetLoad("checkout", 900);
        daemon.Time.Advance(Interval);
        var target = daemon.Targets["checkout"];
        var slow = new TaskCompletionSource();
        target.ObserveGate = slow.Task;
        var observed = target.Observations;

        // Two callers at one instant (the hosted loop and anyone else) while the first round waits on a slow target:
        // the second waits for it and then finds nothing due, so the policy's runtime is not ticked twice from the
        // same memory and its target is written once.
        var first = Task.Run(() => daemon.Loop.EvaluateOnceAsync(CancellationToken.None));
        while (Volatile.Read(ref target.Observations) == observed)
        {
            await Task.Yield();
        }

        var second = Task.Run(() => daemon.Loop.EvaluateOnceAsync(CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System); // lets a second round reach the target, were it not held
        slow.SetResult();
        var rounds = await Task.WhenAll(first, second);

        Assert.Equal(1, rounds.Sum(r => r.Count));
        Assert.Single(daemon.Targets["checkout"].Writes);
    }

    [Fact]
    public async Task EvaluateOnce_OnePolicyThrows_OthersStillScale()
    {
        await using var daemon = DaemonHarness.Create("broken", "healthy");
        daemon.SetLoad("broken", 900);
        daemon.SetLoad("healthy", 900);
        await daemon.TickAsync(); // creates the targets
        daemon.Targets["broken"].Throws = true;

        var reports = await daemon.AdvanceAndTickAsync(Interval);

        Assert.NotEmpty(daemon.Targets["healthy"].Writes);
        Assert.Contains(reports, r => r.Policy == "broken" && r.Problem == "adapter bug");
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_tick_failures_total{policy=\"broken\"}"));
        Assert.Contains(daemon.Logged(6046), m => m.Contains("adapter bug", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvaluateOnce_Conflict_RereadsAndDecidesAgainOnce()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 900);
        await daemon.TickAsync(); // first write 2 -> 6
        var target = daemon.Targets["checkout"];
        target.Writes.Clear();
        // Someone else set 7 just before our write: 409, then the second decision starts from 7.
        target.Script.Enqueue((TargetOutcome.Conflict, 7));

        var reports = await daemon.AdvanceAndTickAsync(Interval);

        Assert.Equal(2, target.Writes.Count);
        Assert.Equal(6, target.Writes[0].Current);
        Assert.Equal(7, target.Writes[1].Current);
        Assert.Equal(9, target.Replicas);
        Assert.Equal("ok", Assert.Single(reports).Write);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_writes_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"conflict\"}"));
        Assert.Single(daemon.Logged(6043));
    }

    [Theory]
    [InlineData(TargetOutcome.Throttled, "throttled")]
    [InlineData(TargetOutcome.Forbidden, "forbidden")]
    [InlineData(TargetOutcome.NotFound, "notFound")]
    [InlineData(TargetOutcome.Conflict, "conflict")]
    public async Task EvaluateOnce_WriteFails_OutcomeCountedLoggedAndNoScaleEventKept(TargetOutcome outcome, string label)
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 900);
        var target = daemon.Targets.Create(new Core.Policies.TargetRef(Core.Policies.TargetKind.Deployment, "shop", "checkout")) as Fakes.RecordingScaleTarget;
        target!.Script.Enqueue((outcome, null));
        if (outcome == TargetOutcome.Conflict)
        {
            target.Script.Enqueue((outcome, null)); // a conflict is decided and tried a second time
        }

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Equal(label, report.Write);
        Assert.Equal(2, target.Replicas);
        Assert.True(MetricsText.Value(daemon.Registry, $"promoscaler_target_writes_total{{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"{label}\"}}") >= 1);
        Assert.Contains(daemon.Logged(6042), m => m.Contains(outcome.ToString(), StringComparison.Ordinal));
        // The write did not happen, so the next tick writes the same step again rather than counting it done.
        var next = await daemon.AdvanceAndTickAsync(Interval);
        Assert.Equal("ok", Assert.Single(next).Write);
        Assert.Equal(6, target.Replicas);
    }

    [Fact]
    public async Task EvaluateOnce_TargetNotFoundOnRead_ReportedAndRetriedNextTick()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 900);
        var target = (Fakes.RecordingScaleTarget)daemon.Targets.Create(new Core.Policies.TargetRef(Core.Policies.TargetKind.Deployment, "shop", "checkout"));
        target.ObserveFailure = TargetOutcome.NotFound;

        var report = Assert.Single(await daemon.TickAsync());
        Assert.Null(report.Decision);
        Assert.StartsWith("target notFound", report.Problem, StringComparison.Ordinal);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_reads_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"notFound\"}"));
        Assert.Single(daemon.Logged(6044));

        target.ObserveFailure = null;
        Assert.Equal("ok", Assert.Single(await daemon.AdvanceAndTickAsync(Interval)).Write);
    }

    [Fact]
    public async Task EvaluateOnce_DryRun_DecidesButWritesNothing()
    {
        await using var daemon = DaemonHarness.Create(
            [("checkout.yaml", DaemonPolicyYaml.Policy("checkout"))],
            new Dictionary<string, string?> { ["Evaluation:DryRun"] = "true" });
        daemon.SetLoad("checkout", 900);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Equal(DecisionAction.Scale, report.Decision!.Action);
        Assert.Equal("dryRun", report.Write);
        Assert.Empty(daemon.Targets["checkout"].Writes);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, $"promoscaler_decisions_total{{policy=\"checkout\",action=\"scale\",reason=\"{report.Decision.Reason.ToCode()}\"}}"));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_writes_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"dryRun\"}"));
    }

    [Fact]
    public async Task EvaluateOnce_PrometheusDown_HoldsAndReadinessSaysWhy()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 400);
        await daemon.TickAsync(); // 2 -> 4
        Assert.Empty(daemon.Readiness.Problems());
        Assert.Equal(4, daemon.Targets["checkout"].Replicas);
        daemon.Metrics.FailAll = ReadFailure.ReadFailed;

        for (var i = 0; i < 40; i++)
        {
            await daemon.AdvanceAndTickAsync(Interval); // ten minutes: past the 5m scale-down window
        }

        var target = daemon.Targets["checkout"];
        Assert.Equal(4, target.Replicas);
        Assert.Single(target.Writes);
        Assert.Contains(daemon.Readiness.Problems(), p => p.Contains("metric source failing", StringComparison.Ordinal) && p.Contains("connection refused", StringComparison.Ordinal));
        Assert.Equal(40, MetricsText.Value(daemon.Registry, "promoscaler_metric_reads_total{policy=\"checkout\",outcome=\"readFailed\"}"));
    }

    [Fact]
    public async Task EvaluateOnce_ManyPolicies_ConcurrencyBounded()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"p{i}").ToArray();
        await using var daemon = DaemonHarness.Create(
            names.Select(n => ($"{n}.yaml", DaemonPolicyYaml.Policy(n))),
            new Dictionary<string, string?> { ["Evaluation:MaxConcurrency"] = "3" },
            replace: services => services.AddSingleton<IMetricSource>(new Fakes.ConcurrencyProbeMetricSource()));
        var probe = (Fakes.ConcurrencyProbeMetricSource)daemon.Services.GetService(typeof(IMetricSource))!;

        var reports = await daemon.TickAsync();

        Assert.Equal(12, reports.Count);
        Assert.Equal(3, probe.MaxInFlight);
        Assert.Equal(3, MetricsText.Value(daemon.Registry, "promoscaler_evaluation_concurrency_limit"));
    }

    [Fact]
    public async Task EvaluateOnce_PromptTicks_ConcurrencyLimitGaugeGrowsFromEight()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"p{i}").ToArray();
        await using var daemon = DaemonHarness.Create(names.Select(n => ($"{n}.yaml", DaemonPolicyYaml.Policy(n))));
        Assert.Equal(8, daemon.Services.GetRequiredService<PromoScaler.Daemon.Evaluation.TickRunner>().Concurrency.Limit);
        Assert.Equal(8, MetricsText.Value(daemon.Registry, "promoscaler_evaluation_concurrency_limit"));

        await daemon.TickAsync();

        // Each prompt tick adds 1/limit: twelve of them take the limit from 8 past 9 (but not to 10).
        Assert.Equal(9, MetricsText.Value(daemon.Registry, "promoscaler_evaluation_concurrency_limit"));
    }
}
