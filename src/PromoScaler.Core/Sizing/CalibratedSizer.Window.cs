using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Sizing;

/// <summary>The calibration window of <see cref="CalibratedSizer"/>: instants recorded, rises measured, the ring kept.</summary>
public sealed partial class CalibratedSizer
{
    /// <summary>Bytes held by the calibration window's arrays (they grow with the samples, up to the window).</summary>
    internal long WindowBytes => (_times.Length * sizeof(long)) + _windows.Sum(w => w.AllocatedBytes);

    /// <summary>The cheapest candidate over the window and the next cheapest (-1 when there is one candidate).</summary>
    private (int Chosen, int RunnerUp) Cheapest()
    {
        var chosen = 0;
        for (var c = 0; c < _holds.Length; c++)
        {
            _cost[c] = _windows[c].Cost(_bandMinSamples, _startupTicks, _spacingTicks);
            if (_cost[c] < _cost[chosen])
            {
                chosen = c;
            }
        }

        var runnerUp = -1;
        for (var c = 0; c < _holds.Length; c++)
        {
            if (c != chosen && (runnerUp < 0 || _cost[c] < _cost[runnerUp]))
            {
                runnerUp = c;
            }
        }

        return (chosen, runnerUp);
    }

    /// <summary>The first occurrence of the policy's pre-warm windows active at <paramref name="t"/>, if any.</summary>
    private (string Name, DateTimeOffset Start)? ActiveWindow(DateTimeOffset t)
    {
        foreach (var window in _prewarms)
        {
            foreach (var occurrence in WindowCalendar.ActivePrewarms(window, t))
            {
                return (window.Name, occurrence.Start);
            }
        }

        return null;
    }

    /// <summary>
    /// The in-window trend, in replicas: how far the signal rose from the reading one re-add horizon ago (lag +
    /// startup + interval) to <paramref name="signal"/>, read now, or 0 when it did not rise or no reading is that
    /// old. Why: capacity decided now serves until that horizon has passed, and a sale's traffic that has been
    /// rising is assumed to keep rising at the same pace for that long (persistence of the trend, the simplest
    /// forecast that needs no model); a flat or falling window adds nothing.
    /// </summary>
    private double Growth(long now, double signal)
    {
        var then = double.NaN;
        foreach (var reading in _readings)
        {
            if (reading.Time.UtcTicks > now - _spanEnd)
            {
                break;
            }

            then = reading.Value;
        }

        return double.IsNaN(then) || !(signal > then) ? 0 : (signal - then) / _capacity;
    }

    /// <summary>
    /// The burst rule, in replicas: the rise of the signal from the lowest reading of the last re-add horizon (lag +
    /// startup + interval) to <paramref name="signal"/>, when that rise exceeds <paramref name="margin"/> (replicas), else 0.
    /// Why: the margin is the coverage quantile of the rises over that horizon, so a rise beyond it is one the calibration
    /// saw less often than 1 - coverage: the traffic has left its usual regime (a flash spike, a burst from a near-idle
    /// base), and the margin sized on usual rises will not carry it. The count decided now serves for the next horizon,
    /// and the simplest forecast of a rise under way is that it goes on as far again (persistence of the trend, no model
    /// and no constant); the gate is the calibrated margin itself, so ordinary fluctuations add nothing.
    /// </summary>
    private double Burst(long now, double signal, double margin)
    {
        var lowest = double.NaN;
        foreach (var reading in _readings)
        {
            if (reading.Time.UtcTicks >= now - _spanEnd && !(reading.Value >= lowest))
            {
                lowest = reading.Value;
            }
        }

        var rise = double.IsNaN(lowest) ? 0 : (signal - lowest) / _capacity;
        return rise > margin ? rise : 0;
    }

    /// <summary>
    /// The fast rise rule inside a window: the largest rise so far of the current occurrence's instants whose span has
    /// not passed yet (normalised like beta, for candidate <paramref name="c"/>), NaN when none has a reading in its
    /// span yet. A rise so far is a lower bound of the rise that will be measured, so counting it at once never
    /// overstates it, and the first window of a policy, which has no past window to learn from, learns from its own
    /// traffic as soon as a reading shows it rather than one span later.
    /// </summary>
    private double RiseSoFar(int c, long now, (string Name, DateTimeOffset Start) window)
    {
        var largest = double.NaN;
        foreach (var pending in _pending)
        {
            if (pending.Window != window.Name || pending.Occurrence != window.Start)
            {
                continue;
            }

            var peak = double.NaN;
            foreach (var reading in _readings)
            {
                var t = reading.Time.UtcTicks;
                if (t >= pending.Time.UtcTicks + _spanStart && t <= now && !(reading.Value <= peak))
                {
                    peak = reading.Value;
                }
            }

            var load = pending.Loads[c];
            var rise = ((peak / _capacity) - load) / Math.Sqrt(Math.Max(load, 1));
            if (!(rise <= largest))
            {
                largest = double.IsNaN(rise) ? largest : rise;
            }
        }

        return largest;
    }

    /// <summary>Records instant <paramref name="t"/>: per candidate its load and the count its current beta asks for.</summary>
    private void RecordInstant(DateTimeOffset t)
    {
        Bases(t.UtcTicks);
        var n = _holds.Length;
        var loads = new double[n];
        var counts = new int[n];
        var added = new int[n];
        for (var c = 0; c < n; c++)
        {
            loads[c] = _base[c] / _capacity;
            counts[c] = Count(loads[c], BetaAt(c, loads[c]));
            added[c] = Math.Max(0, counts[c] - _lastCounts[c]);
            _lastCounts[c] = counts[c];
        }

        var window = ActiveWindow(t);
        _pending.Enqueue(new PendingRise(t, loads, counts, added, window?.Name, window?.Start));
    }

    /// <summary>The trailing maximum of the readings over each hold, ending at <paramref name="now"/>.</summary>
    private void Bases(long now)
    {
        Array.Fill(_base, double.NaN);
        foreach (var reading in _readings)
        {
            var age = now - reading.Time.UtcTicks;
            for (var c = _holds.Length - 1; c >= 0 && age <= _holds[c].Ticks; c--)
            {
                if (!(reading.Value <= _base[c]))
                {
                    _base[c] = reading.Value;
                }
            }
        }
    }

    /// <summary>Measures the rise of <paramref name="pending"/> and appends it to the window; no reading in its span drops it.</summary>
    private void Measure(PendingRise pending)
    {
        var u = pending.Time.UtcTicks;
        var peak = double.NaN;
        foreach (var reading in _readings)
        {
            var t = reading.Time.UtcTicks;
            if (t >= u + _spanStart && t <= u + _spanEnd && !(reading.Value <= peak))
            {
                peak = reading.Value;
            }
        }

        if (double.IsNaN(peak))
        {
            return;
        }

        var n = _holds.Length;
        Span<double> scores = stackalloc double[n];
        Span<float> loads = stackalloc float[n];
        Span<bool> covered = stackalloc bool[n];
        var demand = peak / _capacity;
        for (var c = 0; c < n; c++)
        {
            var load = pending.Loads[c];
            scores[c] = (demand - load) / Math.Sqrt(Math.Max(load, 1));
            loads[c] = (float)load;
            covered[c] = demand <= pending.Counts[c];
        }

        if (pending.Window is { } name && pending.Occurrence is { } occurrence)
        {
            _windowMemory.Add(new WindowRise(name, occurrence, pending.Time, scores.ToArray()));
        }

        while (_count > 0 && (_times[_head] <= u - _windowTicks || _count >= _ringCapacity - 1))
        {
            RemoveOldest();
        }

        Append(u, scores, loads, pending.Added, covered);
    }

    private void Append(long u, ReadOnlySpan<double> scores, ReadOnlySpan<float> loads, ReadOnlySpan<int> added, ReadOnlySpan<bool> covered)
    {
        var slot = (_head + _count) % _ringCapacity;
        _times = SlotArrays.Grown(_times, slot, _ringCapacity);
        _times[slot] = u;
        for (var c = 0; c < _holds.Length; c++)
        {
            _windows[c].Append(slot, scores[c], loads[c], added[c], covered[c]);
        }

        _count++;
    }

    private void RemoveOldest()
    {
        for (var c = 0; c < _holds.Length; c++)
        {
            _windows[c].RemoveOldest(_head);
        }

        _head = (_head + 1) % _ringCapacity;
        _count--;
    }

    private static string[][] HoldTexts(TimeSpan[] holds)
    {
        var n = holds.Length;
        var texts = new string[n][];
        for (var c = 0; c < n; c++)
        {
            texts[c] = new string[n + 1];
            for (var r = 0; r < n; r++)
            {
                texts[c][r] = $"{Duration.Format(holds[c])} (runner-up {Duration.Format(holds[r])})";
            }

            texts[c][n] = Duration.Format(holds[c]);
        }

        return texts;
    }
}
