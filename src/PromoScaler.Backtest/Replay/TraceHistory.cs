using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// The trace as the metric history a <see cref="Core.Runtime.PolicyRuntime"/> reads: what an instant read at each
/// stamp returned (<see cref="ReplayContext.Signal"/>: the mean of d over [t - D - W, t - D]). A stamp where the
/// trace has no value is absent, as a range query leaves it out. Answers at once.
/// </summary>
internal sealed class TraceReadings(ReplayContext context) : IMetricHistory
{
    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        var samples = new List<HistorySample>();
        for (var t = first; t <= last; t += resolution)
        {
            if (context.Signal(metric.Name, t) is { } value)
            {
                samples.Add(new HistorySample(t, value));
            }
        }

        return ValueTask.FromResult(new MetricHistoryRead(samples));
    }
}

/// <summary>
/// The prediction metric's step samples as a range query at resolution <c>step</c> would return them: the sample
/// stamped T is the mean of d over [T - max(step, W), T] (a sample at resolution step stands for its whole step, not
/// for the last rate window in it; in PromQL <c>rate(x[step])</c> at T). The runtime asks only for samples at least
/// D old (<see cref="Core.Runtime.RuntimeSettings.SampleDelay"/>).
/// </summary>
/// <remarks>
/// The step's peak reading (<c>max_over_time(rate(x[W])[step:interval])</c>) was measured as an alternative and
/// rejected: it makes the forecast dearer than HPA at equal cost and its noisier error trips the trust gate (see
/// docs/forecasting.md).
/// </remarks>
internal sealed class TraceSteps(ReplayContext context) : IMetricHistory
{
    /// <summary>What a sample stamped T averages: [T - max(step, W), T].</summary>
    public static TimeSpan SampleSpan(TimeSpan step, ReplayContext context) => step > context.Window ? step : context.Window;

    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        var curve = context.Curves[metric.Name];
        var span = SampleSpan(resolution, context);
        var samples = new List<HistorySample>();
        for (var t = first; t <= last; t += resolution)
        {
            if (curve.Mean(t - span, t) is { } value)
            {
                samples.Add(new HistorySample(t, value));
            }
        }

        return ValueTask.FromResult(new MetricHistoryRead(samples));
    }
}
