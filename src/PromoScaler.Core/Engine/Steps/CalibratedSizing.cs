using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 2 in calibrated mode: a valid metric's proposal is the count its calibration model sized
/// (<see cref="CalibrationSignal"/>, computed outside the engine), without HPA's tolerance, since the margin is
/// already what the declared coverage needs. The explanation carries the signal, R, beta and its sample count, the
/// load band beta was taken from and its own sample count, inside a pre-warm window the in-window beta and its
/// sample count and the growth added for a rising trend, the scale-down hold when it kept the count up, the
/// headroom, the chosen hold against the runner-up's cost and the coverage realised against the target.
/// </summary>
internal static class CalibratedSizing
{
    /// <summary>
    /// The proposal for <paramref name="metric"/>, or null when no usable calibration was given for it: the caller
    /// then treats the metric as invalid, so it proposes nothing and blocks scale-down.
    /// </summary>
    public static int? Propose(MetricSpec metric, int current, IReadOnlyList<CalibrationSignal>? signals, ref StepRecorder steps)
    {
        var signal = Find(signals, metric.Name);
        if (signal is null || signal.Status == CalibrationStatus.InputInvalid)
        {
            steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationMissing, metric.Name, before: current, after: current);
            return null;
        }

        var code = signal.Status == CalibrationStatus.Ready ? ReasonCode.CalibratedProposal : ReasonCode.CalibrationFallback;
        steps.Add(DecisionStage.Reactive, code, metric.Name, signal.Signal, current, signal.Replicas, signal.Load);
        steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationMargin, metric.Name, signal.Beta, after: signal.Samples, limit: signal.Headroom);
        if (signal.Band.Length > 0)
        {
            var band = signal.BandBeta ? ReasonCode.CalibrationBand : ReasonCode.CalibrationBandPooled;
            steps.Add(DecisionStage.Reactive, band, signal.Band, double.IsNaN(signal.BandBetaValue) ? signal.Beta : signal.BandBetaValue, after: signal.BandSamples);
        }

        if (signal.Window is { } window)
        {
            steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationWindow, window, signal.WindowBeta, after: signal.WindowSamples, limit: signal.BandBetaValue);
            if (signal.WindowGrowth > 0)
            {
                steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationWindowTrend, window, signal.WindowGrowth, after: signal.Sized, limit: signal.GrowthHorizon.TotalSeconds);
            }
        }

        if (signal.BurstGrowth > 0)
        {
            steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationBurst, metric.Name, signal.BurstGrowth, after: signal.Sized, limit: signal.Headroom);
        }

        if (signal.Sized is { } sized && signal.Replicas > sized)
        {
            steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationScaleDownHeld, metric.Name, signal.ScaleDownHold.TotalSeconds, sized, signal.Replicas, signal.SamplePeriod.TotalSeconds);
        }

        steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationHold, signal.HoldText, signal.Cost, limit: signal.RunnerUpCost);
        steps.Add(DecisionStage.Reactive, ReasonCode.CalibrationCoverage, metric.Name, signal.RealisedCoverage, limit: signal.TargetCoverage);
        return signal.Replicas;
    }

    /// <summary>The reason code the proposal enters raw desired with.</summary>
    public static ReasonCode CodeOf(IReadOnlyList<CalibrationSignal>? signals, string metric) =>
        Find(signals, metric)?.Status == CalibrationStatus.Fallback ? ReasonCode.CalibrationFallback : ReasonCode.CalibratedProposal;

    private static CalibrationSignal? Find(IReadOnlyList<CalibrationSignal>? signals, string metric)
    {
        if (signals is null)
        {
            return null;
        }

        for (var i = 0; i < signals.Count; i++)
        {
            if (string.Equals(signals[i].Metric, metric, StringComparison.Ordinal))
            {
                return signals[i];
            }
        }

        return null;
    }
}
