namespace PromoScaler.Backtest.Traces;

/// <summary>
/// The demand <c>d(t)</c> of one trace column (spec "Backtest model"): linear interpolation between consecutive
/// rows, undefined before the first row, after the last, and inside a hole (rows further apart than 3 x the
/// median step, or an empty or NaN cell, which makes both segments touching it undefined). Window means come
/// from a prefix integral, so each costs two binary searches whatever the window.
/// </summary>
public sealed class DemandCurve
{
    private readonly long[] _t;
    private readonly double[] _v;
    private readonly bool[] _segmentValid; // segment k joins rows k and k+1
    private readonly double[] _integral; // integral of d from row 0 to row k over valid segments (ticks x value)
    private readonly int[] _invalidBefore; // invalid segments among 0..k-1

    public DemandCurve(IReadOnlyList<long> ticks, double[] values)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        ArgumentNullException.ThrowIfNull(values);
        _t = [.. ticks];
        _v = values;
        var n = _t.Length;
        var steps = new long[Math.Max(0, n - 1)];
        for (var k = 0; k + 1 < n; k++)
        {
            steps[k] = _t[k + 1] - _t[k];
        }

        MedianStep = steps.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Median(steps));
        var maxGap = 3 * MedianStep.Ticks;
        _segmentValid = new bool[Math.Max(0, n - 1)];
        _integral = new double[n];
        _invalidBefore = new int[n];
        for (var k = 0; k + 1 < n; k++)
        {
            var valid = _t[k + 1] - _t[k] <= maxGap && !double.IsNaN(_v[k]) && !double.IsNaN(_v[k + 1]);
            _segmentValid[k] = valid;
            _integral[k + 1] = _integral[k] + (valid ? (_v[k] + _v[k + 1]) / 2 * (_t[k + 1] - _t[k]) : 0);
            _invalidBefore[k + 1] = _invalidBefore[k] + (valid ? 0 : 1);
        }
    }

    /// <summary>The median distance between rows; rows more than 3 x this apart leave a hole.</summary>
    public TimeSpan MedianStep { get; }

    /// <summary>
    /// The stretches where d is undefined between the first row and the last, in order: each run of consecutive
    /// segments that are too long or touch an empty cell, from the row before it to the row after it.
    /// </summary>
    public IEnumerable<CurveHole> Holes()
    {
        var maxGap = 3 * MedianStep.Ticks;
        for (var k = 0; k < _segmentValid.Length; k++)
        {
            if (_segmentValid[k])
            {
                continue;
            }

            var first = k;
            var rowGap = false;
            for (; k < _segmentValid.Length && !_segmentValid[k]; k++)
            {
                rowGap |= _t[k + 1] - _t[k] > maxGap;
            }

            // Rows first..k bound the hole; k is the first row after it.
            var emptyCells = 0;
            for (var r = first; r <= k; r++)
            {
                emptyCells += double.IsNaN(_v[r]) ? 1 : 0;
            }

            yield return new CurveHole(new DateTimeOffset(_t[first], TimeSpan.Zero), new DateTimeOffset(_t[k], TimeSpan.Zero), rowGap, emptyCells);
        }
    }

    /// <summary>d(t), or null where undefined.</summary>
    public double? At(DateTimeOffset t) => At(t.UtcTicks);

    /// <summary>d at UTC ticks <paramref name="t"/>, or null where undefined.</summary>
    public double? At(long t)
    {
        if (t < _t[0] || t > _t[^1])
        {
            return null;
        }

        var k = Segment(t);
        if (t == _t[k])
        {
            // On a row: defined when the value is, and it touches a valid segment (or is the only row).
            var valid = !double.IsNaN(_v[k]) && ((k < _segmentValid.Length && _segmentValid[k]) || (k > 0 && _segmentValid[k - 1]));
            return valid ? _v[k] : null;
        }

        return _segmentValid[k] ? Interpolate(k, t) : null;
    }

    /// <summary>
    /// The mean of d over [<paramref name="from"/>, <paramref name="to"/>], or null when any part is undefined.
    /// An empty window is the point value at <paramref name="to"/>.
    /// </summary>
    public double? Mean(DateTimeOffset from, DateTimeOffset to)
    {
        long a = from.UtcTicks, b = to.UtcTicks;
        if (b <= a)
        {
            return At(b);
        }

        if (a < _t[0] || b > _t[^1])
        {
            return null;
        }

        var ka = Segment(a);
        var kb = Segment(b);
        if (b == _t[kb] && kb > 0)
        {
            kb--; // b ends segment kb - 1
        }

        if (_invalidBefore[kb + 1] - _invalidBefore[ka] > 0)
        {
            return null;
        }

        return (IntegralTo(kb, b) - IntegralTo(ka, a)) / (b - a);
    }

    // Integral from row 0 to t, with t inside segment k (valid).
    private double IntegralTo(int k, long t) => _integral[k] + (Interpolate(k, t) + _v[k]) / 2 * (t - _t[k]);

    private double Interpolate(int k, long t)
    {
        if (t == _t[k])
        {
            return _v[k];
        }

        var f = (double)(t - _t[k]) / (_t[k + 1] - _t[k]);
        return _v[k] + f * (_v[k + 1] - _v[k]);
    }

    // The segment k with t_k <= t < t_{k+1}; the last row maps to the last segment.
    private int Segment(long t)
    {
        var i = Array.BinarySearch(_t, t);
        var k = i >= 0 ? i : ~i - 1;
        return Math.Clamp(k, 0, Math.Max(0, _t.Length - 2));
    }

    private static long Median(long[] values)
    {
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>A stretch where d is undefined (spec "Backtest model": a hole).</summary>
/// <param name="From">The last row before the hole with data around it (or the first row).</param>
/// <param name="To">The first row after it.</param>
/// <param name="RowGap">Some rows in it are further apart than 3 x the median step.</param>
/// <param name="EmptyCells">How many of its rows have an empty or NaN cell.</param>
public readonly record struct CurveHole(DateTimeOffset From, DateTimeOffset To, bool RowGap, int EmptyCells);
