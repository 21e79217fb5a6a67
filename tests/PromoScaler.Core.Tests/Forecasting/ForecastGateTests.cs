using System.Text.Json;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Forecasting;

public sealed class ForecastGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(5);

    // One replica carries 100; the readings have no lag, so the horizon of a decision at u is [u + 5m, u + 5m15s].
    private static ForecastGate NewGate(TimeSpan? window = null) =>
        new("rps", 100, 100, Startup, Tick, window ?? TimeSpan.FromHours(2), TimeSpan.Zero);

    // A sawtooth: demand climbs by one replica's load every minute for 10 minutes, then falls back. A slow target
    // (5 minutes of startup) sized on the current reading is short on every climb.
    private static double Sawtooth(long i) => 200 + (100 * (i / 4 % 10));

    private static Decision DecisionWithout(int replicas) =>
        new(DecisionAction.None, replicas, replicas, ReasonCode.ReactiveProposal, new DecisionComponents(replicas, null, null, replicas), [], EngineState.Empty);

    /// <summary>Runs <paramref name="ticks"/> decisions: reactive = ceil(reading / 100), the forecast as given.</summary>
    private static ForecastVerdict Drive(ForecastGate gate, long from, long ticks, Func<long, double> demand, Func<long, double> forecast)
    {
        var verdict = gate.Verdict(Start + (from * Tick));
        for (var i = from; i < from + ticks; i++)
        {
            var t = Start + (i * Tick);
            gate.Observe(t, demand(i));
            verdict = gate.Verdict(t);
            var reactive = (int)Math.Ceiling(demand(i) / 100);
            gate.Record(t, new ForecastSignal(ForecastStatus.Ready, forecast(i), 0.1, "holtWinters"), DecisionWithout(reactive));
        }

        return verdict;
    }

    [Fact]
    public void Verdict_ForecastThatKnowsTheClimbOfASlowTarget_Earned()
    {
        var gate = NewGate();
        // It forecasts the demand of the horizon: what a seasonal model that has learnt the climb would say.
        var verdict = Drive(gate, 0, 480, Sawtooth, i => Sawtooth(i + 21));

        Assert.True(verdict.Earned);
        Assert.True(verdict.Decisions > 400);
        Assert.True(verdict.Avoided > verdict.EvenSpreadAvoided, $"{verdict}");
        Assert.True(verdict.Avoided >= 100, $"{verdict}"); // most of the climbs' shortfalls
    }

    [Fact]
    public void Verdict_ForecastThatOnlyAddsAConstantMargin_NotEarned()
    {
        var gate = NewGate();
        // Six replicas above the current reading, always: it covers every climb, but exactly as the same six
        // replicas spent on every decision would.
        var verdict = Drive(gate, 0, 480, Sawtooth, i => Sawtooth(i) + 600);

        Assert.False(verdict.Earned);
        Assert.True(verdict.Avoided > 100, $"{verdict}");
        Assert.Equal(verdict.Avoided, verdict.EvenSpreadAvoided, 9);
        Assert.Equal(6, verdict.MeanExtraReplicas, 9);
    }

    [Fact]
    public void Verdict_NoShortfallToRescue_NotEarned()
    {
        var gate = NewGate();
        var verdict = Drive(gate, 0, 480, _ => 450, _ => 900);

        Assert.False(verdict.Earned);
        Assert.Equal(0, verdict.Avoided);
        Assert.True(verdict.Decisions > 400);
        Assert.Equal(4, verdict.MeanExtraReplicas, 9);
    }

    [Fact]
    public void Verdict_ForecastThatStopsKnowing_LosesItsPlaceOnceTheWindowHasPassed()
    {
        var gate = NewGate(TimeSpan.FromMinutes(30));
        Assert.True(Drive(gate, 0, 240, Sawtooth, i => Sawtooth(i + 21)).Earned);

        // Now it only repeats the current demand: within the window the old evidence still holds it ...
        Assert.True(Drive(gate, 240, 8, Sawtooth, Sawtooth).Earned);

        // ... and once the window holds only decisions it added nothing to, it is ignored.
        Assert.False(Drive(gate, 248, 160, Sawtooth, Sawtooth).Earned);
    }

    [Fact]
    public void Verdict_InvalidReadingInTheHorizon_DecisionNotJudged()
    {
        var valid = NewGate();
        var judged = Drive(valid, 0, 100, _ => 300, _ => 300).Decisions;

        var gaps = NewGate();
        var withGaps = Drive(gaps, 0, 100, i => i % 10 == 0 ? double.NaN : 300, _ => 300).Decisions;

        Assert.True(judged > 70);
        Assert.True(withGaps < judged, $"{withGaps} of {judged}");
    }

    [Fact]
    public void Record_DecisionWithoutForecastValueOrWithoutReactiveProposal_NotJudged()
    {
        var gate = NewGate();
        for (var i = 0; i < 100; i++)
        {
            var t = Start + (i * Tick);
            gate.Observe(t, 300);
            gate.Record(t, i % 2 == 0 ? new ForecastSignal(ForecastStatus.NotReady, null, null, "holtWinters") : new ForecastSignal(ForecastStatus.Ready, 300, 0.1, "holtWinters"), i % 4 == 1 ? DecisionWithout(3) : new Decision(DecisionAction.None, 3, 3, ReasonCode.NoValidMetrics, new DecisionComponents(null, null, null, 3), [], EngineState.Empty));
        }

        var verdict = gate.Verdict(Start + (100 * Tick));
        Assert.InRange(verdict.Decisions, 1, 25); // only every fourth decision had both
    }

    [Fact]
    public void Record_ReadingsStop_MemoryStaysWithinTheWindow()
    {
        var gate = NewGate(TimeSpan.FromMinutes(30));
        for (var i = 0; i < 2000; i++)
        {
            gate.Record(Start + (i * Tick), new ForecastSignal(ForecastStatus.Ready, 300, 0.1, "holtWinters"), DecisionWithout(3));
        }

        // 30m of window + the 5m15s horizon at one decision per 15s.
        Assert.InRange(gate.PendingCount, 1, 141);
    }

    [Fact]
    public void ExportRestore_ThroughJsonMidRun_IdenticalVerdicts()
    {
        var original = NewGate();
        Drive(original, 0, 300, Sawtooth, i => Sawtooth(i + 21));

        var json = JsonSerializer.Serialize(original.Export());
        var restored = NewGate();
        Assert.True(restored.Restore(JsonSerializer.Deserialize<ForecastGateState>(json)!));

        var changes = 0;
        var earned = true;
        for (long i = 300; i < 1200; i++)
        {
            // A forecast that leads, then only repeats the demand: the verdict changes on the way, identically for both.
            Func<long, double> forecast = j => j < 600 ? Sawtooth(j + 21) : Sawtooth(j);
            var verdict = Drive(original, i, 1, Sawtooth, forecast);
            Assert.Equal(verdict, Drive(restored, i, 1, Sawtooth, forecast));
            changes += verdict.Earned != earned ? 1 : 0;
            earned = verdict.Earned;
        }

        Assert.False(earned);
        Assert.True(changes >= 1);
    }

    [Fact]
    public void Restore_OtherMetricOrAlreadyFed_Refused()
    {
        var fed = NewGate();
        Drive(fed, 0, 50, Sawtooth, Sawtooth);
        var state = fed.Export();

        var other = new ForecastGate("latency", 100, 100, Startup, Tick, TimeSpan.FromHours(2), TimeSpan.Zero);
        Assert.False(other.Restore(state));
        Assert.False(fed.Restore(state));
        Assert.False(NewGate().Restore(state with { Scored = [.. state.Scored.Reverse()] }));
        Assert.True(NewGate().Restore(state));
    }

    [Fact]
    public void For_PolicyGatedByErrorOrWithoutPrediction_NoGate()
    {
        var predicting = new PolicyBuilder().Metric("rps", 100).Prediction("rps").Build();
        var byError = predicting with { Spec = predicting.Spec with { Prediction = predicting.Spec.Prediction! with { Trust = predicting.Spec.Prediction!.Trust with { Gate = TrustGate.Error } } } };

        Assert.Equal("rps", ForecastGate.For(predicting, TimeSpan.Zero)?.Metric);
        Assert.Null(ForecastGate.For(byError, TimeSpan.Zero));
        Assert.Null(ForecastGate.For(new PolicyBuilder().Metric("rps", 100).Build(), TimeSpan.Zero));
    }
}
