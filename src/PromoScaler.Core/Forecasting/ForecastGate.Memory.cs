namespace PromoScaler.Core.Forecasting;

/// <summary>The gate's memory: exported as plain values with the policy's state, restored into a fresh gate.</summary>
public sealed partial class ForecastGate
{
    /// <summary>The gate's memory as plain values, for the daemon to persist with the policy's state.</summary>
    public ForecastGateState Export() => new(
        Metric,
        [.. _pending],
        [.. _scored],
        _newestReading == long.MinValue ? null : new DateTimeOffset(_newestReading, TimeSpan.Zero),
        _lastRecorded == long.MinValue ? null : new DateTimeOffset(_lastRecorded, TimeSpan.Zero));

    /// <summary>
    /// Loads <paramref name="state"/> into this fresh gate. A state of another metric, with negative figures or out of
    /// order, or a gate already fed, is refused (false) and the gate starts empty, which is safe: an empty gate does
    /// not let the forecast in until it has earned it again.
    /// </summary>
    public bool Restore(ForecastGateState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_pending.Count > 0 || _scored.Count > 0 || _newestReading != long.MinValue || _lastRecorded != long.MinValue
            || !string.Equals(state.Metric, Metric, StringComparison.Ordinal)
            || state.Pending.Any(p => p.Proposal < 0 || p.Without < 0 || p.KeptWithout < 0 || p.KeptWith < p.KeptWithout || !double.IsFinite(p.Peak) || p.Peak < 0)
            || state.Scored.Any(s => s.Extra < 0)
            || !Ascending(state.Pending.Select(p => p.Time)) || !Ascending(state.Scored.Select(s => s.End)))
        {
            return false;
        }

        _pending.AddRange(state.Pending);
        foreach (var score in state.Scored)
        {
            Add(score);
        }

        _newestReading = state.NewestReading?.UtcTicks ?? long.MinValue;
        _lastRecorded = state.LastRecorded?.UtcTicks ?? long.MinValue;
        return true;
    }

    private static bool Ascending(IEnumerable<DateTimeOffset> times)
    {
        var previous = DateTimeOffset.MinValue;
        foreach (var t in times)
        {
            if (t <= previous)
            {
                return false;
            }

            previous = t;
        }

        return true;
    }
}
