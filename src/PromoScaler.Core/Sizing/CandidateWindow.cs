namespace PromoScaler.Core.Sizing;

/// <summary>
/// One candidate hold's part of the calibration window: its normalised rises (pooled and per load band, see
/// <see cref="LoadBand"/>), loads, added replicas and coverage, in the slots of the sizer's ring of instants, with
/// per-band sums so that its margin and cost are read in O(bands).
/// </summary>
/// <remarks>
/// The margin of a band is the coverage quantile of the rises recorded while the load was in that band (a Mondrian,
/// i.e. category-conditional, split-conformal quantile: Vovk, Gammerman and Shafer 2005): coverage then holds in every
/// band, hence overall, and the quiet hours no longer pay the margin their bursts need. A band with fewer rises than
/// the quantile needs (<see cref="Policies.SizingSpec.MinSamples"/>) takes the pooled quantile of all bands, the rule before
/// bands. Band quantiles start small and double as they fill, so memory follows the samples, not the band count.
/// </remarks>
internal sealed class CandidateWindow
{
    private const double Micro = 1e6; // sums of loads are kept in exact fixed point, so restoring them gives the same bits
    private const int FirstBandCapacity = 64;

    private readonly double _level;
    private readonly int _capacity;
    private readonly SlidingQuantile _pooled;
    private readonly SlidingQuantile?[] _bands = new SlidingQuantile?[LoadBand.Count];
    private readonly float[] _loads;
    private readonly int[] _added;
    private readonly bool[] _covered;
    private readonly byte[] _band;
    private readonly long[] _sumLoad = new long[LoadBand.Count];
    private readonly long[] _sumRoot = new long[LoadBand.Count];
    private long _sumAdded;
    private int _coveredCount;

    public CandidateWindow(double level, int capacity)
    {
        _level = level;
        _capacity = capacity;
        _pooled = new SlidingQuantile(level, capacity);
        _loads = new float[capacity];
        _added = new int[capacity];
        _covered = new bool[capacity];
        _band = new byte[capacity];
    }

    /// <summary>Rises in the window (all bands).</summary>
    public int Count => _pooled.Count;

    /// <summary>Rises whose count covered the demand.</summary>
    public int CoveredCount => _coveredCount;

    /// <summary>The coverage quantile of all rises (NaN when empty).</summary>
    public double PooledBeta => _pooled.Value;

    /// <summary>The rise at <paramref name="age"/> from the oldest.</summary>
    public double ScoreAt(int age) => _pooled[age];

    public float LoadAt(int slot) => _loads[slot];

    public int AddedAt(int slot) => _added[slot];

    public bool CoveredAt(int slot) => _covered[slot];

    /// <summary>Rises recorded in <paramref name="band"/>.</summary>
    public int SamplesIn(int band) => _bands[band]?.Count ?? 0;

    /// <summary>
    /// The margin for a load in <paramref name="band"/>: the band's own quantile when it holds
    /// <paramref name="minSamples"/> rises, else the pooled one (own = false).
    /// </summary>
    public (double Beta, bool Own) BetaIn(int band, int minSamples) =>
        _bands[band] is { } q && q.Count >= minSamples ? (q.Value, true) : (_pooled.Value, false);

    public void Append(int slot, double score, float load, int added, bool covered)
    {
        var band = LoadBand.Of(load);
        _pooled.Add(score);
        var q = _bands[band] ??= new SlidingQuantile(_level, Math.Min(FirstBandCapacity, _capacity));
        if (q.Count == q.Capacity)
        {
            q = _bands[band] = Grown(q);
        }

        q.Add(score);
        _loads[slot] = load;
        _added[slot] = added;
        _covered[slot] = covered;
        _band[slot] = (byte)band;
        _sumLoad[band] += Fixed(load);
        _sumRoot[band] += Fixed(Math.Sqrt(Math.Max(load, 1)));
        _sumAdded += added;
        _coveredCount += covered ? 1 : 0;
    }

    /// <summary>Drops the oldest rise, held in <paramref name="slot"/>.</summary>
    public void RemoveOldest(int slot)
    {
        var band = _band[slot];
        _pooled.RemoveOldest();
        _bands[band]!.RemoveOldest(); // the window is first-in first-out, so a band's oldest is the window's oldest of it
        var load = _loads[slot];
        _sumLoad[band] -= Fixed(load);
        _sumRoot[band] -= Fixed(Math.Sqrt(Math.Max(load, 1)));
        _sumAdded -= _added[slot];
        _coveredCount -= _covered[slot] ? 1 : 0;
    }

    /// <summary>
    /// Mean capacity over the window with each band's margin, plus the replica-time its additions paid before serving:
    /// each added replica costs <paramref name="startupTicks"/>, spread over the window's span.
    /// </summary>
    public double Cost(int minSamples, double startupTicks, long spacingTicks)
    {
        var capacity = 0.0;
        for (var b = 0; b < LoadBand.Count; b++)
        {
            if (_bands[b] is { Count: > 0 })
            {
                capacity += (_sumLoad[b] + (BetaIn(b, minSamples).Beta * _sumRoot[b])) / Micro;
            }
        }

        var changes = _sumAdded * startupTicks / ((double)Count * spacingTicks);
        return (capacity / Count) + changes;
    }

    private SlidingQuantile Grown(SlidingQuantile full)
    {
        var grown = new SlidingQuantile(_level, Math.Min(full.Capacity * 2, _capacity));
        for (var age = 0; age < full.Count; age++)
        {
            grown.Add(full[age]);
        }

        return grown;
    }

    private static long Fixed(double x) => (long)Math.Round(x * Micro);
}
