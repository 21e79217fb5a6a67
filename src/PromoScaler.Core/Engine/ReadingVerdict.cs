using PromoScaler.Core.Engine.Steps;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine;

/// <summary>
/// The engine's own verdict on one metric reading (decision step 1, spec "Missing and invalid data"), for tools that
/// must judge a reading exactly as a decision would, such as <c>validate --prometheus</c>. It is the engine's rule
/// itself, not a copy of it.
/// </summary>
public static class ReadingVerdict
{
    /// <summary>
    /// <see cref="ReasonCode.MetricValid"/>, or the first reason the engine would find <paramref name="reading"/>
    /// invalid at <paramref name="now"/>: read failure, no data, several series, NaN, infinite, negative, above
    /// <c>maxValue</c>, stale, incomplete (in that order).
    /// </summary>
    public static ReasonCode Classify(MetricSpec metric, MetricReading reading, DateTimeOffset now, TimeSpan maxStaleness)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(reading);
        return SignalValidation.Classify(metric, reading, now, maxStaleness, out _, out _);
    }
}
