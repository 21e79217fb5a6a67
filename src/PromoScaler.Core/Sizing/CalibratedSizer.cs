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
/// <para>Load bands: beta is kept per load band of R (<see cref="LoadBand"/>, <see cref="CandidateWindow"/>), so each
/// band's margin is sized on that band's own rises; a band with too few rises uses the pooled beta. The count
/// proposed is then held against scale-down for the re-add horizon, lag + startup + interval, plus the metric's sample
/// period observed (<see cref="ScaleDownHold"/>, <see cref="SamplePeriod"/>). A rise beyond the margin within the last
/// re-add horizon is carried forward as far again (the burst rule, <see cref="Burst"/>).</para>
/// <para>Before the window holds enough rises for the quantile (<see cref="SizingSpec.MinSamples"/>), the fallback is
/// the longest hold with beta = the normal quantile of the coverage (the Poisson square-root-staffing margin).</para>
/// </remarks>
public sealed partial class CalibratedSizer
{
    /// <summary>The candidate holds: none, 2m30s, 5m, 10m, 20m.</summary>
    public static IReadOnlyList<TimeSpan> DefaultHolds { get; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(150), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20)];

    private readonly TimeSpan[] _holds;
    private readonly string[][] _holdTexts; // [chosen][runner-up], the last column for "no runner-up"
    private readonly double _capacity;
    private readonly double _coverage;
    private readonly int _minSamples;
    private readonly int _bandMinSamples;   // rises a band needs for its own beta; never reached without bands
    private readonly bool _burst;           // the burst rule (off only for the backtest's ablation)
    private readonly double _fallbackBeta;
    private readonly long _windowTicks;
    private readonly long _spanStart;       // lag
    private readonly long _spanEnd;         // lag + startup + interval
    private readonly long _retention;       // readings older than this are of no use
    private readonly double _startupTicks;
    private readonly long _periodTicks;
    private readonly long _spacingTicks;
    private readonly ScaleDownHold _scaleDownHold;
    private readonly SamplePeriod _samplePeriod = new();
    private readonly PrewarmWindow[] _prewarms;
    private readonly WindowMemory _windowMemory;
    private int _lastChosen;

    private readonly Queue<TimedReading> _readings = new();
    private readonly Queue<PendingRise> _pending = new();

    // The calibration window: one ring of instants, and per candidate its rises and sums in the same slots. The
    // arrays grow with the samples up to the ring's capacity.
    private readonly int _ringCapacity;
    private long[] _times = [];
    private readonly CandidateWindow[] _windows;
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
    /// <param name="startup">The policy's startup (part of the rise span and of the scale-down hold).</param>
    /// <param name="interval">The policy's interval.</param>
    /// <param name="signalLag">How old the demand a reading measures is: metric delay + half the rate window.</param>
    /// <param name="holds">Candidate holds, ascending, distinct; default <see cref="DefaultHolds"/>.</param>
    /// <param name="prewarms">The policy's pre-warm windows: rises inside them calibrate the margin inside them.</param>
    public CalibratedSizer(string metric, SizingSpec sizing, double capacityPerReplica, TimeSpan startup, TimeSpan interval, TimeSpan signalLag, IReadOnlyList<TimeSpan>? holds = null, IReadOnlyList<PrewarmWindow>? prewarms = null)
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
        _bandMinSamples = sizing.LoadBands ? _minSamples : int.MaxValue;
        _burst = sizing.Burst;
        _fallbackBeta = NormalQuantile.Of(_coverage);
        _windowTicks = sizing.Window.Ticks;
        _periodTicks = SizingSpec.SamplePeriod.Ticks;
        _spacingTicks = Math.Max(_periodTicks, interval.Ticks); // one rise a minute, or one a tick when ticks are sparser
        _spanStart = signalLag.Ticks;
        _spanEnd = (signalLag + startup + interval).Ticks;
        _retention = Math.Max(_holds[^1].Ticks, _spanEnd) + _periodTicks;
        _startupTicks = startup.Ticks;
        _scaleDownHold = new ScaleDownHold(signalLag + startup + interval);

        var n = _holds.Length;
        var slots = (_windowTicks / _periodTicks) + 2;
        if (slots > BandedQuantiles.MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(sizing), sizing.Window, "The calibration window holds at most 65,534 one-minute samples.");
        }

        var capacity = (int)slots;
        _ringCapacity = capacity;
        _windows = new CandidateWindow[n];
        for (var c = 0; c < n; c++)
        {
            _windows[c] = new CandidateWindow(_coverage, capacity);
        }

        _prewarms = [.. prewarms ?? []];
        _windowMemory = new WindowMemory(_coverage, capacity, n);
        _lastCounts = new int[n];
        _base = new double[n];
        _beta = new double[n];
        _cost = new double[n];
        _holdTexts = HoldTexts(_holds);
    }

    /// <summary>The metric calibrated.</summary>
    public string Metric { get; }

    /// <summary>The candidate holds, ascending.</summary>
    public IReadOnlyList<TimeSpan> Holds => _holds;

    /// <summary>Rises in the calibration window.</summary>
    public int Samples => _count;

    /// <summary>True once the window holds enough rises for the coverage quantile.</summary>
    public bool IsReady => _count >= _minSamples;

    /// <summary>
    /// How long a lower count must be proposed before the proposal falls: the re-add horizon, signal lag + startup +
    /// interval, plus the sample period observed (ski rental: see the ScaleDownHold class), as of the last proposal.
    /// </summary>
    public TimeSpan ScaleDownHold => _scaleDownHold.Hold;

    /// <summary>How often the metric's samples were observed to arrive (0: every reading is new; see SamplePeriod).</summary>
    public TimeSpan SamplePeriod => _samplePeriod.Period;

    /// <summary>The pooled beta of candidate <paramref name="index"/> over all bands (the fallback beta before <see cref="IsReady"/>).</summary>
    public double BetaOf(int index) => IsReady ? _windows[index].PooledBeta : _fallbackBeta;

    /// <summary>
    /// beta of candidate <paramref name="index"/> for a load <paramref name="load"/> (replicas): its band's own quantile
    /// once the band holds enough rises, else the pooled one (the fallback beta before <see cref="IsReady"/>).
    /// </summary>
    public double BetaAt(int index, double load) => IsReady ? _windows[index].BetaIn(LoadBand.Of(load), _bandMinSamples).Beta : _fallbackBeta;

    /// <summary>Rises of candidate <paramref name="index"/> recorded in load band <paramref name="band"/>.</summary>
    public int SamplesIn(int index, int band) => _windows[index].SamplesIn(band);

    /// <summary>What the model learned inside each pre-warm window, for the hold it chose last, by window name.</summary>
    public IReadOnlyList<WindowLearning> Windows => _windowMemory.Learned(_lastChosen);

    /// <summary>The cost of candidate <paramref name="index"/> over the window, in replicas (NaN before <see cref="IsReady"/>).</summary>
    public double CostOf(int index) => IsReady ? _windows[index].Cost(_bandMinSamples, _startupTicks, _spacingTicks) : double.NaN;

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
        _samplePeriod.Observe(t, valid ? _lastValue : null);
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
            RecordInstant(t);
            _nextSample = ((now / _periodTicks) + 1) * _periodTicks;
        }
    }

    /// <summary>
    /// The proposal at <paramref name="now"/>, the instant of the latest <see cref="Observe"/>; its status is
    /// <see cref="CalibrationStatus.InputInvalid"/> when that reading was invalid. Call it once per decision: the
    /// count it returns is held against scale-down over the proposals of the last <see cref="ScaleDownHold"/>.
    /// </summary>
    public CalibrationSignal Propose(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var signal = ticks == _lastObserved ? _lastValue : double.NaN;
        var ready = IsReady;
        if (double.IsNaN(signal))
        {
            return new CalibrationSignal(Metric, CalibrationStatus.InputInvalid, 0, double.NaN, double.NaN, TimeSpan.Zero, "", double.NaN, _count, double.NaN, double.NaN, null, null, _coverage);
        }

        Bases(ticks);
        var (chosen, runnerUp) = ready ? Cheapest() : (_holds.Length - 1, -1);
        _lastChosen = chosen;
        var load = _base[chosen] / _capacity;
        var band = LoadBand.Of(load);
        var (beta, own) = ready ? _windows[chosen].BetaIn(band, _bandMinSamples) : (_fallbackBeta, false);
        var bandBeta = beta;
        var window = ActiveWindow(now);
        var windowBeta = window is { } active ? Larger(_windowMemory.BetaOf(chosen), RiseSoFar(chosen, ticks, active)) : double.NaN;
        if (windowBeta > beta)
        {
            beta = windowBeta; // inside a window the margin is the larger of the band's and the in-window one
        }

        var growth = window is null ? 0 : Growth(ticks, signal);
        var burst = _burst ? Burst(ticks, signal, beta * Math.Sqrt(Math.Max(load, 1))) : 0;
        var sized = Count(load + Math.Max(growth, burst), beta);
        return new CalibrationSignal(
            Metric,
            ready ? CalibrationStatus.Ready : CalibrationStatus.Fallback,
            _scaleDownHold.Apply(now, sized, _samplePeriod.Period),
            signal,
            load,
            _holds[chosen],
            _holdTexts[chosen][runnerUp < 0 ? _holds.Length : runnerUp],
            beta,
            _count,
            beta * Math.Sqrt(Math.Max(load, 1)),
            ready ? _cost[chosen] : double.NaN,
            runnerUp < 0 ? null : _cost[runnerUp],
            _count == 0 ? null : (double)_windows[chosen].CoveredCount / _count,
            _coverage,
            LoadBand.Describe(band),
            _windows[chosen].SamplesIn(band),
            own,
            sized,
            _scaleDownHold.Hold)
        {
            Window = window?.Name,
            WindowBeta = double.IsNaN(windowBeta) ? null : windowBeta,
            WindowSamples = window is null ? 0 : _windowMemory.Count,
            WindowGrowth = growth,
            GrowthHorizon = TimeSpan.FromTicks(_spanEnd),
            BandBetaValue = bandBeta,
            SamplePeriod = _samplePeriod.Period,
            BurstGrowth = burst,
        };
    }

    private static double Larger(double a, double b) => double.IsNaN(a) || b > a ? b : a;

    private static int Count(double load, double beta) => ReplicaMath.Ceil(load + (beta * Math.Sqrt(Math.Max(load, 1))));
}
