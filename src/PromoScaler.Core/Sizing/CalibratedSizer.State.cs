namespace PromoScaler.Core.Sizing;

/// <summary>Export and restore of <see cref="CalibratedSizer"/>'s memory.</summary>
public sealed partial class CalibratedSizer
{
    /// <summary>The model's memory as plain values (see <see cref="CalibrationState"/>).</summary>
    public CalibrationState Export()
    {
        var samples = new RiseSample[_count];
        var n = _holds.Length;
        for (var age = 0; age < _count; age++)
        {
            var slot = (_head + age) % _ringCapacity;
            var scores = new double[n];
            var loads = new float[n];
            var added = new int[n];
            var covered = new bool[n];
            for (var c = 0; c < n; c++)
            {
                scores[c] = _windows[c].ScoreAt(slot);
                loads[c] = _windows[c].LoadAt(slot);
                added[c] = _windows[c].AddedAt(slot);
                covered[c] = _windows[c].CoveredAt(slot);
            }

            samples[age] = new RiseSample(new DateTimeOffset(_times[slot], TimeSpan.Zero), scores, loads, added, covered);
        }

        return new CalibrationState(
            Metric,
            _holds,
            [.. _readings],
            [.. _pending.Select(p => p with { Loads = [.. p.Loads], Counts = [.. p.Counts], Added = [.. p.Added] })],
            samples,
            _nextSample is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null,
            [.. _lastCounts],
            [.. _scaleDownHold.Recent],
            [.. _windowMemory.Rises.Select(r => r with { Scores = [.. r.Scores] })],
            _samplePeriod.Export());
    }

    /// <summary>
    /// Loads <paramref name="state"/> into this fresh model. A state of another metric, of other holds or of a
    /// model that was already fed is refused (false), and the model starts empty, which is safe: it falls back.
    /// </summary>
    public bool Restore(CalibrationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var n = _holds.Length;
        if (_readings.Count > 0 || _pending.Count > 0 || _count > 0 || state.Metric != Metric || !state.Holds.SequenceEqual(_holds)
            || state.LastCounts.Count != n || state.Pending.Any(p => p.Loads.Length != n || p.Counts.Length != n || p.Added.Length != n)
            || state.Samples.Any(s => s.Scores.Length != n || s.Loads.Length != n || s.Added.Length != n || s.Covered.Length != n || s.Scores.Any(x => !double.IsFinite(x)))
            || (state.WindowRises ?? []).Any(r => r.Scores.Length != n || r.Scores.Any(x => !double.IsFinite(x)))
            || (state.SampleSpacing is { } spacing && (spacing.Spacings.Any(x => x <= TimeSpan.Zero) || spacing.Last.Count > 2))
            || (state.Proposals ?? []).Zip((state.Proposals ?? []).Skip(1)).Any(p => p.First.Time >= p.Second.Time))
        {
            return false;
        }

        foreach (var reading in state.Readings)
        {
            _readings.Enqueue(reading);
        }

        foreach (var pending in state.Pending)
        {
            _pending.Enqueue(pending with { Loads = [.. pending.Loads], Counts = [.. pending.Counts], Added = [.. pending.Added] });
        }

        foreach (var sample in state.Samples.Skip(Math.Max(0, state.Samples.Count - (_ringCapacity - 1))))
        {
            Append(sample.Time.UtcTicks, sample.Scores, sample.Loads, sample.Added, sample.Covered);
        }

        _nextSample = state.NextSample?.UtcTicks;
        _lastObserved = state.Readings.Count > 0 ? state.Readings[^1].Time.UtcTicks : long.MinValue;
        for (var c = 0; c < n; c++)
        {
            _lastCounts[c] = state.LastCounts[c];
        }

        _scaleDownHold.Restore(state.Proposals ?? []);
        _windowMemory.Restore(state.WindowRises ?? []);
        if (state.SampleSpacing is { } sampleSpacing)
        {
            _samplePeriod.Restore(sampleSpacing);
        }

        return true;
    }
}
