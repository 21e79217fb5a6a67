using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Sizing;

/// <summary>
/// Calibrated sizing for one metric (spec extension "Calibrated sizing"): square-root staffing whose margin is
/// calibrated online to the declared coverage, with the hold chosen from the data. Fed every reading outside the
/// engine (<see cref="Observe"/>), like the forecaster; its <see cref="Propose"/> enters the decision as an input.
/// Pure: no clock, every time is passed in.
/// </summary>
/// <remarks>
/// <para>Square-root staffing (Halfin and Whitt 1981; Borst, Mandelbaum and Reiman 2004): capacity
/// <c>R + beta x sqrt(R)</c> for an offered load of R replicas keeps overload rare with a relative margin that shrinks
/// as load grows. Here <c>R = base / capacityPerReplica</c>, the base being the signal's trailing maximum over a hold,
/// and <c>sqrt(max(R, 1))</c> so that a load below one replica is not given an unbounded relative margin.</para>
/// <para>Calibration, in the spirit of conformal prediction (Gibbs and Candes 2021): once a minute the model records,
/// for a decision instant u and each candidate hold h, how far the signal rose over the span the capacity decided at
/// u must serve: the largest reading in <c>[u + lag, u + lag + startup + interval]</c>, where lag (metric delay +
/// half the rate window) maps a reading to the demand it measures. A scale-down acts at once and a scale-up serves
/// from u + startup, and the next decision's capacity is ready one interval later, so that span is exactly the demand
/// the count decided at u alone must carry. The rise is normalised, <c>(peak / C - R_h(u)) / sqrt(max(R_h(u), 1))</c>,
/// and beta_h is its split-conformal quantile at the coverage over the window.</para>
/// <para>Hold choice: every candidate reaches the same empirical coverage, so the cheapest wins: its mean capacity
/// over the window, <c>mean(R_h) + beta_h x mean(sqrt(max(R_h, 1)))</c>, plus its change cost: each replica it added
/// was paid for <c>startup</c> before serving (the backtest's cost model), spread over the window. Bursty traffic
/// makes a short hold's beta large and picks a long hold; a smooth ramp picks none; a hold whose count keeps moving
/// pays for every move.</para>
/// <para>Before the window holds enough rises for the quantile (<see cref="SizingSpec.MinSamples"/>), the fallback is
/// the longest hold with beta = the normal quantile of the coverage (the Poisson square-root-staffing margin).</para>
/// </remarks>
public sealed class CalibratedSizer
{
    /// <summary>The candidate holds: none, 2m30s, 5m, 10m, 20m.</summary>
    public static IReadOnlyList<TimeSpan> DefaultHolds { get; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(150), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20)];

    private const double Micro = 1e6; // sums of loads are kept in exact fixed point, so restoring them gives the same bits

    private readonly TimeSpan[] _holds;
    private readonly string[][] _holdTexts; // [chosen][runner-up], the last column for "no runner-up"
    private readonly double _capacity;
    private readonly double _coverage;
    private readonly int _minSamples;
    private readonly double _fallbackBeta;
    private readonly long _windowTicks;
    private readonly long _spanStart;       // lag
    private readonly long _spanEnd;         // lag + startup + interval
    private readonly long _retention;       // readings older than this are of no use
    private readonly double _startupTicks;
    private readonly long _periodTicks;
    private readonly long _spacingTicks;

    private readonly Queue<TimedReading> _readings = new();
    private readonly Queue<PendingRise> _pending = new();

    // The calibration window: one ring of instants, and per candidate its scores' quantile and aligned rings.
    private readonly long[] _times;
    private readonly SlidingQuantile[] _scores;
    private readonly float[][] _loads;
    private readonly int[][] _added;
    private readonly bool[][] _covered;
    private readonly long[] _sumLoad;
    private readonly long[] _sumRoot;
    private readonly long[] _sumAdded;
    private readonly int[] _coveredCount;
    private readonly int[] _lastCounts;
    private int _head;
    private int _count;
    private long? _nextSample;
    private long _lastObserved = long.MinValue;
    private double _lastValue = double.NaN;

    // Scratch for one evaluation (no allocation per decision).
    private readonly double[] _base;
    private readonly double[] _beta;
    private readonly double[] _cost;

    /// <param name="metric">The metric's name (the proposal names it).</param>
    /// <param name="sizing">The policy's sizing block (coverage and window).</param>
    /// <param name="capacityPerReplica">C: the load at which one replica is overloaded.</param>
    /// <param name="startup">The policy's startup.</param>
    /// <param name="interval">The policy's interval.</param>
    /// <param name="signalLag">How old the demand a reading measures is: metric delay + half the rate window.</param>
    /// <param name="holds">Candidate holds, ascending, distinct; default <see cref="DefaultHolds"/>.</param>
    public CalibratedSizer(string metric, SizingSpec sizing, double capacityPerReplica, TimeSpan startup, TimeSpan interval, TimeSpan signalLag, IReadOnlyList<TimeSpan>? holds = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(sizing);
        if (!(capacityPerReplica > 0) || !double.IsFinite(capacityPerReplica))
        {
            throw new ArgumentOutOfRangeException(nameof(capacityPerReplica), capacityPerReplica, "capacityPerReplica must be a positive number.");
        }

        if (startup < TimeSpan.Zero || interval <= TimeSpan.Zero || signalLag < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "startup and signalLag must not be negative and interval must be positive.");
        }

        _holds = [.. holds ?? DefaultHolds];
        if (_holds.Length == 0 || _holds[0] < TimeSpan.Zero || _holds.Zip(_holds.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException("Candidate holds must be non-negative, distinct and ascending.", nameof(holds));
        }

        Metric = metric;
        _capacity = capacityPerReplica;
        _coverage = sizing.Coverage.Fraction;
        _minSamples = SizingSpec.MinSamples(sizing.Coverage);
        _fallbackBeta = NormalQuantile.Of(_coverage);
        _windowTicks = sizing.Window.Ticks;
        _periodTicks = SizingSpec.SamplePeriod.Ticks;
        _spacingTicks = Math.Max(_periodTicks, interval.Ticks); // one rise a minute, or one a tick when ticks are sparser
        _spanStart = signalLag.Ticks;
        _spanEnd = (signalLag + startup + interval).Ticks;
        _retention = Math.Max(_holds[^1].Ticks, _spanEnd) + _periodTicks;
        _startupTicks = startup.Ticks;

        var n = _holds.Length;
        var capacity = (int)(_windowTicks / _periodTicks) + 2;
        _times = new long[capacity];
        _scores = new SlidingQuantile[n];
        _loads = new float[n][];
        _added = new int[n][];
        _covered = new bool[n][];
        for (var c = 0; c < n; c++)
        {
            _scores[c] = new SlidingQuantile(_coverage, capacity);
            _loads[c] = new float[capacity];
            _added[c] = new int[capacity];
            _covered[c] = new bool[capacity];
        }

        _sumLoad = new long[n];
        _sumRoot = new long[n];
        _sumAdded = new long[n];
        _coveredCount = new int[n];
        _lastCounts = new int[n];
        _base = new double[n];
        _beta = new double[n];
        _cost = new double[n];
        _holdTexts = new string[n][];
        for (var c = 0; c < n; c++)
        {
            _holdTexts[c] = new string[n + 1];
            for (var r = 0; r < n; r++)
            {
                _holdTexts[c][r] = $"{Duration.Format(_holds[c])} (runner-up {Duration.Format(_holds[r])})";
            }

            _holdTexts[c][n] = Duration.Format(_holds[c]);
        }
    }

    /// <summary>The metric calibrated.</summary>
    public string Metric { get; }

    /// <summary>The candidate holds, ascending.</summary>
    public IReadOnlyList<TimeSpan> Holds => _holds;

    /// <summary>Rises in the calibration window.</summary>
    public int Samples => _count;

    /// <summary>True once the window holds enough rises for the coverage quantile.</summary>
    public bool IsReady => _count >= _minSamples;

    /// <summary>beta of candidate <paramref name="index"/> (the fallback beta before <see cref="IsReady"/>).</summary>
    public double BetaOf(int index) => IsReady ? _scores[index].Value : _fallbackBeta;

    /// <summary>The cost of candidate <paramref name="index"/> over the window, in replicas (NaN before <see cref="IsReady"/>).</summary>
    public double CostOf(int index) => IsReady ? Cost(index, BetaOf(index)) : double.NaN;

    /// <summary>
    /// The calibrated sizer a policy's metric needs, or null when the policy sizes in target mode.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="metric">One of its metrics.</param>
    /// <param name="signalLag">Metric delay + half the rate window of the readings the model is fed.</param>
    public static CalibratedSizer? For(ScalingPolicy policy, MetricSpec metric, TimeSpan signalLag)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(metric);
        var spec = policy.Spec;
        return spec.Sizing.Mode == SizingMode.Calibrated
            ? new CalibratedSizer(metric.Name, spec.Sizing, metric.EffectiveCapacityPerReplica, spec.Startup, spec.Interval, signalLag)
            : null;
    }

    /// <summary>
    /// Feeds the reading of instant <paramref name="t"/> (null, NaN, infinite or negative = invalid: kept out of
    /// every base and rise). Instants must not go back in time; a repeated instant is ignored.
    /// </summary>
    public void Observe(DateTimeOffset t, double? value)
    {
        var now = t.UtcTicks;
        if (now <= _lastObserved)
        {
            return;
        }

        var valid = value is { } v && double.IsFinite(v) && v >= 0;
        _lastObserved = now;
        _lastValue = valid ? value!.Value : double.NaN;
        if (valid)
        {
            _readings.Enqueue(new TimedReading(t, _lastValue));
        }

        while (_readings.Count > 0 && _readings.Peek().Time.UtcTicks < now - _retention)
        {
            _readings.Dequeue();
        }

        while (_pending.Count > 0 && _pending.Peek().Time.UtcTicks + _spanEnd <= now)
        {
            Measure(_pending.Dequeue());
        }

        if (valid && (_nextSample is not { } next || now >= next))
        {
            Bases(now);
            var loads = new double[_holds.Length];
            var counts = new int[_holds.Length];
            var added = new int[_holds.Length];
            for (var c = 0; c < _holds.Length; c++)
            {
                loads[c] = _base[c] / _capacity;
                counts[c] = Count(loads[c], BetaOf(c));
                added[c] = Math.Max(0, counts[c] - _lastCounts[c]);
                _lastCounts[c] = counts[c];
            }

            _pending.Enqueue(new PendingRise(t, loads, counts, added));
            _nextSample = ((now / _periodTicks) + 1) * _periodTicks;
        }
    }

    /// <summary>
    /// The proposal at <paramref name="now"/>, the instant of the latest <see cref="Observe"/>; its status is
    /// <see cref="CalibrationStatus.InputInvalid"/> when that reading was invalid.
    /// </summary>
    public CalibrationSignal Propose(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var signal = ticks == _lastObserved ? _lastValue : double.NaN;
        var ready = IsReady;
        var targetCoverage = _coverage;
        if (double.IsNaN(signal))
        {
            return new CalibrationSignal(Metric, CalibrationStatus.InputInvalid, 0, double.NaN, double.NaN, TimeSpan.Zero, "", double.NaN, _count, double.NaN, double.NaN, null, null, targetCoverage);
        }

        Bases(ticks);
        int chosen;
        var runnerUp = -1;
        if (ready)
        {
            chosen = 0;
            for (var c = 0; c < _holds.Length; c++)
            {
                _beta[c] = _scores[c].Value;
                _cost[c] = Cost(c, _beta[c]);
                if (_cost[c] < _cost[chosen])
                {
                    chosen = c;
                }
            }

            for (var c = 0; c < _holds.Length; c++)
            {
                if (c != chosen && (runnerUp < 0 || _cost[c] < _cost[runnerUp]))
                {
                    runnerUp = c;
                }
            }
        }
        else
        {
            chosen = _holds.Length - 1;
            _beta[chosen] = _fallbackBeta;
            _cost[chosen] = double.NaN;
        }

        var load = _base[chosen] / _capacity;
        var beta = _beta[chosen];
        var headroom = beta * Math.Sqrt(Math.Max(load, 1));
        return new CalibrationSignal(
            Metric,
            ready ? CalibrationStatus.Ready : CalibrationStatus.Fallback,
            Count(load, beta),
            signal,
            load,
            _holds[chosen],
            _holdTexts[chosen][runnerUp < 0 ? _holds.Length : runnerUp],
            beta,
            _count,
            headroom,
            _cost[chosen],
            runnerUp < 0 ? null : _cost[runnerUp],
            _count == 0 ? null : (double)_coveredCount[chosen] / _count,
            targetCoverage);
    }

    /// <summary>The model's memory as plain values (see <see cref="CalibrationState"/>).</summary>
    public CalibrationState Export()
    {
        var samples = new RiseSample[_count];
        for (var age = 0; age < _count; age++)
        {
            var slot = (_head + age) % _times.Length;
            var n = _holds.Length;
            var scores = new double[n];
            var loads = new float[n];
            var added = new int[n];
            var covered = new bool[n];
            for (var c = 0; c < n; c++)
            {
                scores[c] = _scores[c][age];
                loads[c] = _loads[c][slot];
                added[c] = _added[c][slot];
                covered[c] = _covered[c][slot];
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
            [.. _lastCounts]);
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
            || state.Samples.Any(s => s.Scores.Length != n || s.Loads.Length != n || s.Added.Length != n || s.Covered.Length != n || s.Scores.Any(x => !double.IsFinite(x))))
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

        foreach (var sample in state.Samples.Skip(Math.Max(0, state.Samples.Count - (_times.Length - 1))))
        {
            Append(sample.Time.UtcTicks, sample.Scores, sample.Loads, sample.Added, sample.Covered);
        }

        _nextSample = state.NextSample?.UtcTicks;
        _lastObserved = state.Readings.Count > 0 ? state.Readings[^1].Time.UtcTicks : long.MinValue;
        for (var c = 0; c < n; c++)
        {
            _lastCounts[c] = state.LastCounts[c];
        }

        return true;
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

        while (_count > 0 && (_times[_head] <= u - _windowTicks || _count >= _times.Length - 1))
        {
            RemoveOldest();
        }

        Append(u, scores, loads, pending.Added, covered);
    }

    private void Append(long u, ReadOnlySpan<double> scores, ReadOnlySpan<float> loads, ReadOnlySpan<int> added, ReadOnlySpan<bool> covered)
    {
        var slot = (_head + _count) % _times.Length;
        _times[slot] = u;
        for (var c = 0; c < _holds.Length; c++)
        {
            _scores[c].Add(scores[c]);
            _loads[c][slot] = loads[c];
            _added[c][slot] = added[c];
            _covered[c][slot] = covered[c];
            _sumLoad[c] += Fixed(loads[c]);
            _sumRoot[c] += Fixed(Math.Sqrt(Math.Max(loads[c], 1)));
            _sumAdded[c] += added[c];
            _coveredCount[c] += covered[c] ? 1 : 0;
        }

        _count++;
    }

    private void RemoveOldest()
    {
        var slot = _head;
        for (var c = 0; c < _holds.Length; c++)
        {
            _scores[c].RemoveOldest();
            var load = _loads[c][slot];
            _sumLoad[c] -= Fixed(load);
            _sumRoot[c] -= Fixed(Math.Sqrt(Math.Max(load, 1)));
            _sumAdded[c] -= _added[c][slot];
            _coveredCount[c] -= _covered[c][slot] ? 1 : 0;
        }

        _head = (_head + 1) % _times.Length;
        _count--;
    }

    /// <summary>Mean capacity over the window with this beta, plus the replica-time its additions paid before serving.</summary>
    private double Cost(int c, double beta)
    {
        var capacity = (_sumLoad[c] + (beta * _sumRoot[c])) / Micro / _count;
        var changes = _sumAdded[c] * _startupTicks / ((double)_count * _spacingTicks);
        return capacity + changes;
    }

    private static int Count(double load, double beta) => ReplicaMath.Ceil(load + (beta * Math.Sqrt(Math.Max(load, 1))));

    private static long Fixed(double x) => (long)Math.Round(x * Micro);
}
