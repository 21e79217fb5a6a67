using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 1 (spec "Missing and invalid data"): whether one metric reading is usable. The engine alone decides, so the
/// daemon and the backtest agree.
/// </summary>
internal static class SignalValidation
{
    /// <summary>Step 1: classifies every metric's reading, recording one step each; invalid values become NaN.</summary>
    public static void Validate(ref DecisionContext c)
    {
        var metrics = c.Spec.Metrics;
        for (var i = 0; i < metrics.Count; i++)
        {
            var code = Classify(metrics[i], FindReading(c.Input.Readings, metrics[i].Name, i), c.Now, c.Guardrails.MaxStaleness, out var value, out var limit);
            c.Steps.Add(DecisionStage.Signals, code, metrics[i].Name, value, limit: limit);
            c.Values[i] = code == ReasonCode.MetricValid ? value.GetValueOrDefault() : double.NaN;
            if (code == ReasonCode.MetricValid)
            {
                c.ValidCount++;
            }
        }
    }

    /// <summary>
    /// Classifies <paramref name="reading"/>. Returns <see cref="ReasonCode.MetricValid"/> and the value, or the first
    /// reason it is invalid, checked in this order: read failure, empty result (unless <c>whenEmpty: zero</c>), several
    /// series, NaN, infinite, negative, above <c>maxValue</c>, stale, incomplete.
    /// <c>value</c> is the value (valid) or the number the reason is about (the stale age in seconds...); <c>limit</c>
    /// is the bound the value broke, when there is one.
    /// </summary>
    public static ReasonCode Classify(
        MetricSpec metric,
        MetricReading? reading,
        DateTimeOffset now,
        TimeSpan maxStaleness,
        out double? value,
        out double? limit)
    {
        value = null;
        limit = null;
        if (reading is null)
        {
            return ReasonCode.NoData;
        }

        if (reading.Failure is { } failure)
        {
            return failure switch
            {
                ReadFailure.QueryError => ReasonCode.QueryError,
                ReadFailure.Timeout => ReasonCode.Timeout,
                ReadFailure.CircuitOpen => ReasonCode.CircuitOpen,
                _ => ReasonCode.ReadFailed,
            };
        }

        double v;
        if (reading.SeriesCount == 0)
        {
            if (metric.WhenEmpty != EmptyResultMode.Zero)
            {
                return ReasonCode.NoData;
            }

            v = 0;
        }
        else if (reading.SeriesCount > 1)
        {
            value = reading.SeriesCount;
            return ReasonCode.MultipleSeries;
        }
        else if (reading.Value is { } single)
        {
            v = single;
        }
        else
        {
            return ReasonCode.NoData;
        }

        value = v;
        if (double.IsNaN(v))
        {
            return ReasonCode.NotANumber;
        }

        if (double.IsInfinity(v))
        {
            return ReasonCode.Infinite;
        }

        if (v < 0)
        {
            return ReasonCode.Negative;
        }

        if (metric.MaxValue is { } max && v > max)
        {
            limit = max;
            return ReasonCode.AboveMaxValue;
        }

        // A reading with a value but no known sample time cannot be shown fresh: when in doubt, do not scale down.
        if (reading.FreshAt is not { } freshAt || freshAt < now - maxStaleness)
        {
            value = reading.FreshAt is { } at ? (now - at).TotalSeconds : null;
            limit = maxStaleness.TotalSeconds;
            return ReasonCode.Stale;
        }

        if (metric.CompletenessQuery is not null && metric.MinCompleteness is { } minCompleteness
            && !(reading.Completeness >= minCompleteness.Fraction))
        {
            value = reading.Completeness;
            limit = minCompleteness.Fraction;
            return ReasonCode.Incomplete;
        }

        return ReasonCode.MetricValid;
    }

    private static MetricReading? FindReading(IReadOnlyList<MetricReading> readings, string metric, int hint)
    {
        if (hint < readings.Count && string.Equals(readings[hint].Metric, metric, StringComparison.Ordinal))
        {
            return readings[hint];
        }

        for (var i = 0; i < readings.Count; i++)
        {
            if (string.Equals(readings[i].Metric, metric, StringComparison.Ordinal))
            {
                return readings[i];
            }
        }

        return null;
    }
}
