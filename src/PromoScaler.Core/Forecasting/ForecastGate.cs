using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Forecasting;

/// <summary>
/// Judges the forecast by what it does to decisions (<c>trust.gate: decisions</c>, the default). After each decision
/// it remembers what the forecast proposed and what the decision proposed without it (raw desired from the reactive
/// part and the floors); once the demand of that decision's horizon has been read, it scores whether the decision
/// without the forecast was under-provisioned there and whether the forecast's proposal would have covered it. Its
/// <see cref="Verdict"/> enters the engine as <see cref="DecisionInput.ForecastVerdict"/>. Pure: every instant is
/// passed in.
/// </summary>
/// <remarks>
/// <para>
/// The question it answers is the one a policy owner asks at equal cost: are the replicas the forecast adds worth more
/// than the same replicas spent without it? Over <c>trust.window</c>, let E be the replicas the forecast asked for
/// above the decision without it, summed over the scored decisions, and K the horizons it rescued (the decision
/// without it short of the demand, the forecast's proposal not). The alternative is the same E replicas spread evenly,
/// E / n per decision: it would have rescued every shortfall of at most floor(E / n) replicas and the fraction
/// E / n - floor(E / n) of those one replica deeper. The forecast has earned its place when K exceeds that count.
/// A forecast that only adds a constant margin ties the even spread and is not used; one that adds replicas where
/// demand then rises beats it; with no shortfall to rescue there is nothing to earn and it is not used.
/// </para>
/// <para>
/// The horizon is the spec's: capacity decided at u serves [u + startup, u + startup + interval], and since removals
/// act at once it serves there only what every decision from u to the horizon's end kept: the least of their counts,
/// with the forecast (each the larger of its proposal and the count without it) and without it. A reading stamped t
/// measures the demand of about t - lag (metric delay + half the rate window), so the horizon's demand is the largest
/// reading stamped in [u + startup + lag, u + startup + interval + lag], in replicas of <c>capacityPerReplica</c>.
/// A horizon with an invalid reading, or with none, is not scored. Every sum is an integer, so an exported and
/// restored gate gives exactly the same verdicts.
/// </para>
/// </remarks>
public sealed partial class ForecastGate
{
    /// <summary>
    /// How far beyond chance the rescues must be, in standard deviations of a Poisson count of the even spread's
    /// (at least one): two, the conventional one-sided 97.7% level. Without it the gate would let the forecast in
    /// after a lucky window and pay for it in the next, since shortfalls are rare by design (1 - coverage).
    /// </summary>
    public const double EvidenceDeviations = 2;

    private readonly double _targetPerReplica;
    private readonly double _capacityPerReplica;
    private readonly long _horizonStart;
    private readonly long _horizonEnd;
    private readonly long _decisionsKept;
    private readonly long _windowTicks;
    private readonly List<GateDecision> _pending = [];
    private readonly Queue<GateScore> _scored = new();
    private readonly Dictionary<int, int> _shortfalls = []; // shortfall in replicas -> scored decisions with it
    private long _extra;
    private int _avoided;
    private long _newestReading = long.MinValue;
    private long _lastRecorded = long.MinValue;

    /// <summary>Creates the gate for one policy's prediction metric.</summary>
    /// <param name="metric">The prediction metric's name (the readings <see cref="Observe"/> is fed).</param>
    /// <param name="targetPerReplica">Turns the forecast into its proposal: ceil(forecast / targetPerReplica), as the engine does.</param>
    /// <param name="capacityPerReplica">Turns the horizon's demand into the replicas it needed.</param>
    /// <param name="startup">The policy's <c>startup</c>.</param>
    /// <param name="interval">The policy's <c>interval</c>.</param>
    /// <param name="window">The policy's <c>trust.window</c>: how far back decisions are judged.</param>
    /// <param name="signalLag">Metric delay + half the rate window of the readings fed.</param>
    public ForecastGate(string metric, double targetPerReplica, double capacityPerReplica, TimeSpan startup, TimeSpan interval, TimeSpan window, TimeSpan signalLag)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        if (!(targetPerReplica > 0) || !double.IsFinite(targetPerReplica) || !(capacityPerReplica > 0) || !double.IsFinite(capacityPerReplica))
        {
            throw new ArgumentOutOfRangeException(nameof(targetPerReplica), "targetPerReplica and capacityPerReplica must be positive and finite.");
        }

        if (startup < TimeSpan.Zero || interval <= TimeSpan.Zero || window <= TimeSpan.Zero || signalLag < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "startup and signalLag must not be negative; interval and window must be positive.");
        }

        Metric = metric;
        _targetPerReplica = targetPerReplica;
        _capacityPerReplica = capacityPerReplica;
        _horizonStart = (startup + signalLag).Ticks;
        _horizonEnd = (startup + interval + signalLag).Ticks;
        _decisionsKept = (startup + interval).Ticks;
        _windowTicks = window.Ticks;
    }

    /// <summary>The prediction metric whose readings the gate is fed.</summary>
    public string Metric { get; }

    /// <summary>Decisions recorded whose horizon has not been read yet.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// The gate a policy asks for: null without prediction or with <c>trust.gate: error</c>. The forecast's proposal
    /// uses the prediction metric's <c>targetPerReplica</c>, the demand its capacity per replica.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="signalLag">Metric delay + half the rate window of the readings the gate is fed.</param>
    public static ForecastGate? For(ScalingPolicy policy, TimeSpan signalLag)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var spec = policy.Spec;
        if (spec.Prediction is not { Model: not ForecastModelKind.None } prediction || prediction.Trust.Gate != TrustGate.Decisions)
        {
            return null;
        }

        var metric = string.IsNullOrEmpty(prediction.Metric)
            ? (spec.Metrics.Count > 0 ? spec.Metrics[0] : null)
            : spec.Metrics.FirstOrDefault(m => string.Equals(m.Name, prediction.Metric, StringComparison.Ordinal));
        return metric is null
            ? null
            : new ForecastGate(metric.Name, metric.TargetPerReplica, metric.EffectiveCapacityPerReplica, spec.Startup, spec.Interval, prediction.Trust.Window, signalLag);
    }

    /// <summary>
    /// Feeds the prediction metric's reading stamped <paramref name="at"/> (null, NaN, infinite or negative =
    /// invalid: the horizons it falls in are not scored). Instants must go forward; a repeated one is ignored.
    /// </summary>
    public void Observe(DateTimeOffset at, double? value)
    {
        var t = at.UtcTicks;
        if (t <= _newestReading)
        {
            return;
        }

        _newestReading = t;
        var valid = value is { } v && double.IsFinite(v) && v >= 0;
        var closed = 0;
        for (var i = 0; i < _pending.Count; i++)
        {
            var p = _pending[i];
            var start = p.Time.UtcTicks + _horizonStart;
            var end = p.Time.UtcTicks + _horizonEnd;
            if (t >= start && t <= end)
            {
                _pending[i] = valid ? p with { Peak = Math.Max(p.Peak, value!.Value), Seen = true } : p with { Incomplete = true };
            }

            if (end <= t && closed == i)
            {
                closed++;
            }
        }

        for (var i = 0; i < closed; i++)
        {
            Score(_pending[i]);
        }

        _pending.RemoveRange(0, closed);
        Expire(t);
    }

    /// <summary>
    /// Remembers decision <paramref name="decision"/> taken at <paramref name="now"/> with forecast
    /// <paramref name="forecast"/>: its proposal (also when the forecast was ignored, so that an unused forecast
    /// can earn its way back) against raw desired without it. A decision without a forecast value, or without a
    /// reactive or floor proposal, is not judged. Instants must go forward; a repeated one is ignored.
    /// </summary>
    public void Record(DateTimeOffset now, ForecastSignal? forecast, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var t = now.UtcTicks;
        if (t <= _lastRecorded)
        {
            return;
        }

        _lastRecorded = t;
        // Decisions whose horizon ended a window ago can no longer count: keeps the memory bounded when readings stop.
        var stale = 0;
        while (stale < _pending.Count && _pending[stale].Time.UtcTicks + _horizonEnd <= t - _windowTicks)
        {
            stale++;
        }

        _pending.RemoveRange(0, stale);
        var c = decision.Components;
        var without = Math.Max(c.Reactive ?? -1, c.Floor ?? -1);
        if (without < 0)
        {
            return;
        }

        int? proposal = forecast is { Status: ForecastStatus.Ready or ForecastStatus.Untrusted, Value: { } value } && double.IsFinite(value) && value >= 0
            ? ReplicaMath.Ceil(value / _targetPerReplica)
            : null;
        var with = Math.Max(without, proposal ?? without);

        // Removals act at once, so what serves an earlier decision's horizon is the least that every decision up to
        // the horizon's end kept, with the forecast and without it.
        for (var i = 0; i < _pending.Count; i++)
        {
            var p = _pending[i];
            if (t <= p.Time.UtcTicks + _decisionsKept && (without < p.KeptWithout || with < p.KeptWith))
            {
                _pending[i] = p with { KeptWithout = Math.Min(p.KeptWithout, without), KeptWith = Math.Min(p.KeptWith, with) };
            }
        }

        if (proposal is { } asked)
        {
            _pending.Add(new GateDecision(now, asked, without, without, with, 0, Seen: false, Incomplete: false));
        }
    }

    /// <summary>The verdict at <paramref name="now"/> over the decisions scored in the last <c>trust.window</c>.</summary>
    public ForecastVerdict Verdict(DateTimeOffset now)
    {
        Expire(Math.Max(now.UtcTicks, _newestReading));
        var n = _scored.Count;
        if (n == 0)
        {
            return new ForecastVerdict(false, 0, 0, 0, 0);
        }

        var mean = (double)_extra / n;
        var whole = (int)Math.Min(mean, int.MaxValue - 1);
        var part = mean - whole;
        var evenSpread = 0.0;
        foreach (var (shortfall, count) in _shortfalls)
        {
            evenSpread += shortfall <= whole ? count : shortfall == whole + 1 ? part * count : 0;
        }

        return new ForecastVerdict(_avoided > evenSpread + (EvidenceDeviations * Math.Sqrt(Math.Max(evenSpread, 1))), n, _avoided, evenSpread, mean);
    }

    private void Score(GateDecision p)
    {
        if (!p.Seen || p.Incomplete)
        {
            return;
        }

        var needed = ReplicaMath.Ceil(p.Peak / _capacityPerReplica);
        var shortfall = needed - p.KeptWithout;
        var extra = Math.Max(0, p.Proposal - p.Without);
        Add(new GateScore(p.Time + TimeSpan.FromTicks(_horizonEnd), extra, shortfall, Avoided: shortfall > 0 && p.KeptWith >= needed));
    }

    private void Add(GateScore score)
    {
        _scored.Enqueue(score);
        _extra += score.Extra;
        _avoided += score.Avoided ? 1 : 0;
        if (score.Shortfall > 0)
        {
            _shortfalls[score.Shortfall] = _shortfalls.GetValueOrDefault(score.Shortfall) + 1;
        }
    }

    private void Expire(long newest)
    {
        while (_scored.Count > 0 && _scored.Peek().End.UtcTicks <= newest - _windowTicks)
        {
            var old = _scored.Dequeue();
            _extra -= old.Extra;
            _avoided -= old.Avoided ? 1 : 0;
            if (old.Shortfall > 0 && --_shortfalls[old.Shortfall] == 0)
            {
                _shortfalls.Remove(old.Shortfall);
            }
        }
    }
}
