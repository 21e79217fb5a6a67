using System.Text.Json;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

/// <summary>
/// Safety principle 7: a time-limited operator action ends without lasting effect. For every kind of action and
/// every way it ends (its expiry, a clear, a restart with the state saved and read back across the expiry), the
/// decision after the end is the policy's normal one: no trace of the action, at least minReplicas, and the count
/// the demand asks for once the policy's own windows have passed.
/// </summary>
public sealed class OperatorActionEndTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Start.AddMinutes(5);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private const int Min = 2;

    /// <summary>Codes that only an operator action in force can put into a decision.</summary>
    private static readonly ReasonCode[] ActionCodes =
    [
        ReasonCode.PinOverride, ReasonCode.CeilingOverride, ReasonCode.FloorOverride, ReasonCode.FreezeOverride,
        ReasonCode.Paused, ReasonCode.ZeroByOverride, ReasonCode.TargetScaledToZero,
    ];

    /// <summary>An action, the load while it holds and after, what the target runs under it, and what the demand asks after it.</summary>
    public sealed record Action(string Name, OperatorOverride? Override, bool Pause, double LoadDuring, double LoadAfter, int During, int After)
    {
        public override string ToString() => Name;
    }

    private static OperatorOverride Override(OverrideKind kind, int? n, bool immediate = false, bool belowMin = false) =>
        new(kind, n, "alice", "incident 42", Expires, immediate, belowMin);

    public static readonly Action[] Actions =
    [
        new("pin 40", Override(OverrideKind.Pin, 40), false, 500, 500, 40, 5),
        new("pin 40 immediate", Override(OverrideKind.Pin, 40, immediate: true), false, 500, 500, 40, 5),
        new("floor 30", Override(OverrideKind.Floor, 30), false, 500, 500, 30, 5),
        new("ceiling 3", Override(OverrideKind.Ceiling, 3), false, 500, 500, 3, 5),
        new("pin 0 below min", Override(OverrideKind.Pin, 0, belowMin: true), false, 500, 500, 0, 5),
        new("pin 0 below min immediate", Override(OverrideKind.Pin, 0, immediate: true, belowMin: true), false, 500, 500, 0, 5),
        new("pin 1 below min", Override(OverrideKind.Pin, 1, immediate: true, belowMin: true), false, 500, 500, 1, 5),
        new("freezeScaleUp", Override(OverrideKind.FreezeScaleUp, null), false, 1500, 1500, 5, 15),
        new("freezeScaleDown", Override(OverrideKind.FreezeScaleDown, null), false, 200, 200, 5, Min),
        new("pause", null, true, 1500, 1500, 5, 15),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in Actions)
        {
            foreach (var end in new[] { "expiry", "clear", "restart" })
            {
                data.Add(action.Name, end);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_AfterAnOperatorActionEnds_TheNextDecisionIsTheNormalOne(string name, string end)
    {
        var action = Actions.Single(a => a.Name == name);
        var run = Steady();
        var cleared = false;
        OperatorControls ControlsAt(DateTimeOffset now) => cleared
            ? OperatorControls.None
            : new OperatorControls(action.Pause && now < Expires, action.Override is { } o ? [o] : []);

        // The action holds for four minutes; the target takes what it asks.
        while (run.Now < Expires.AddMinutes(-1))
        {
            run.Controls = ControlsAt(run.Now);
            run.Advance(Tick).Tick(action.LoadDuring);
        }

        Assert.Equal(action.During, run.Current);

        switch (end)
        {
            case "expiry":
                run.Now = Expires;
                break;
            case "clear":
                cleared = true;
                break;
            default:
                // The daemon stops before the expiry and starts again after it, with the state it saved.
                run.State = JsonSerializer.Deserialize<EngineState>(JsonSerializer.Serialize(run.State))!;
                run.Now = Expires.AddMinutes(2);
                break;
        }

        run.Controls = ControlsAt(run.Now);
        var before = run.Current;
        var next = run.Tick(action.LoadAfter);

        Assert.DoesNotContain(next.Explanation, s => ActionCodes.Contains(s.Code));
        Assert.True(next.Desired >= Min, $"{next.Desired} is below minReplicas {Min}: {next.Reason}");
        // It moves toward the demand at once, as far as the policy's own stabilization and step policies allow.
        Assert.True(before < action.After ? next.Desired > before : next.Desired <= before, $"{before} -> {next.Desired} ({next.Reason}), demand {action.After}");

        for (var i = 0; i < 40; i++)
        {
            run.Advance(Tick).Tick(action.LoadAfter);
        }

        Assert.Equal(action.After, run.Current);
    }

    [Fact]
    public void Decide_PinAtZeroBelowMin_HoldsZeroWhileInForce_AndSaysHowItEnds()
    {
        var run = Steady();
        run.Controls = new OperatorControls(false, [Override(OverrideKind.Pin, 0, immediate: true, belowMin: true)]);

        var first = run.Advance(Tick).Tick(500);
        var held = Enumerable.Range(0, 10).Select(_ => run.Advance(Tick).Tick(500)).ToList();

        Assert.Equal(0, first.Desired);
        Assert.All(held, d => Assert.Equal(0, d.Desired));
        Assert.All(held, d => Assert.Contains(d.Explanation, s => s.Code == ReasonCode.ZeroByOverride && s.Subject == "alice"));
        Assert.All(held, d => Assert.NotEqual(ReasonCode.TargetScaledToZero, d.Reason));
        Assert.True(run.State.ZeroWritten);
    }

    [Fact]
    public void Decide_TargetScaledToZeroOutside_StaysPausedDespiteOverridesAndPrewarms_UntilResumed()
    {
        var policy = new PolicyBuilder().Replicas(Min, 100)
            .OneOffPrewarm("sale", Start.AddMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.Zero, replicas: 50).Build();
        var run = new EngineRun(policy, 5, Start) { State = EngineState.Empty with { LastWritten = 5, Recommendations = [new(Start, 5)] } };
        run.Current = 0;

        var observed = run.Advance(Tick).Tick(500);
        run.Controls = new OperatorControls(false, [Override(OverrideKind.Floor, 30), Override(OverrideKind.Pin, 20, immediate: true)]);
        var withOverrides = run.Advance(Tick).Tick(500);
        run.Controls = new OperatorControls(false, [], ResumedAt: Start);
        var resumedBefore = run.Advance(Tick).Tick(500);
        run.Controls = new OperatorControls(false, [], ResumedAt: run.Now);
        var woken = run.Advance(Tick).Tick(500);

        Assert.Equal(ReasonCode.TargetScaledToZero, observed.Reason);
        Assert.Equal(ReasonCode.TargetScaledToZero, withOverrides.Reason);
        Assert.Equal(ReasonCode.TargetScaledToZero, resumedBefore.Reason);
        Assert.Equal(ReasonCode.TargetScaledToZero, observed.Explanation[^1].Code);
        Assert.Contains(woken.Explanation, s => s.Code == ReasonCode.ZeroResumed);
        Assert.Equal(DecisionAction.Scale, woken.Action);
        Assert.True(woken.Desired >= Min);
    }

    [Fact]
    public void Decide_ResumedTargetScaledToZeroAgainLater_IsPausedAgain()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(Min, 100).Build(), 0, Start) { State = EngineState.Empty with { LastWritten = 5, Recommendations = [new(Start, 5)] } };
        run.Advance(Tick).Tick(500);
        run.Controls = new OperatorControls(false, [], ResumedAt: run.Now);
        run.Advance(Tick).Tick(500);
        run.Advance(Tick).Tick(500);
        Assert.True(run.Current > 0);

        run.Current = 0;
        var again = run.Advance(Tick).Tick(500);

        Assert.Equal(ReasonCode.TargetScaledToZero, again.Reason);
        Assert.Equal(run.Now, again.State.ZeroObservedAt);
    }

    [Fact]
    public void Decide_ResumeWhoseWriteFailed_StillWakesAtTheNextDecision()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(Min, 100).Build(), 0, Start) { State = EngineState.Empty with { LastWritten = 5, Recommendations = [new(Start, 5)] } };
        run.Advance(Tick).Tick(500);
        run.Controls = new OperatorControls(false, [], ResumedAt: run.Now);
        var woken = run.Advance(Tick).Tick(500);
        // The write did not happen: the daemon keeps the state with the count it saw.
        run.Current = 0;
        run.State = woken.State with { LastWritten = 0 };

        var retried = run.Advance(Tick).Tick(500);

        Assert.Contains(retried.Explanation, s => s.Code == ReasonCode.ZeroResumed);
        Assert.Equal(DecisionAction.Scale, retried.Action);
    }

    [Fact]
    public void Decide_ZeroFromAStateOfAnOlderVersion_IsTakenAsScaledToZeroOutside()
    {
        // An older daemon remembered a targetScaledToZero as LastWritten 0 and Paused, with no ZeroWritten: the
        // safe reading is "not ours", so nothing wakes a target someone else stopped.
        var old = JsonSerializer.Deserialize<EngineState>("""{"Recommendations":[],"ScaleEvents":[],"PrewarmBaselines":[],"LastWritten":0,"Paused":true}""")!;
        var run = new EngineRun(new PolicyBuilder().Replicas(Min, 100).Build(), 0, Start) { State = old };

        Assert.Equal(ReasonCode.TargetScaledToZero, run.Tick(500).Reason);
    }

    [Fact]
    public void Decide_PinAtZeroInForceAfterALostState_IsStillTheOperatorsZero_AndEndsWithIt()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(Min, 100).Build(), 0, Start);
        run.Controls = new OperatorControls(false, [Override(OverrideKind.Pin, 0, belowMin: true)]);

        var held = run.Tick(500);
        run.Now = Expires;
        var after = run.Tick(500);

        Assert.Contains(held.Explanation, s => s.Code == ReasonCode.ZeroByOverride);
        Assert.Equal(0, held.Desired);
        Assert.Contains(after.Explanation, s => s.Code == ReasonCode.ZeroOverrideEnded);
        Assert.True(after.Desired >= Min);
    }

    /// <summary>At 5 replicas for 500 rps (100 per replica), minReplicas 2, the HPA's default rules, ten minutes of history.</summary>
    private static EngineRun Steady()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(Min, 100).Build(), 5, Start.AddMinutes(-10));
        while (run.Now < Start)
        {
            run.Advance(Tick).Tick(500);
        }

        Assert.Equal(5, run.Current);
        return run;
    }
}
