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
/// bands. Storage is compact and grows with the samples (<see cref="BandedQuantiles"/>): a rise costs 16 bytes
/// (its value 8, order 2, band 1, load 4, added replicas 1, covered one bit), where the two-heap windows cost 50 to 70.
/// </remarks>
internal sealed class CandidateWindow
{
    private const double Micro = 1e6; // sums of loads are kept in exact fixed point, so restoring them gives the same bits
    private const byte LargeAdded = byte.MaxValue; // added replicas outside 0..254 are kept in _largeAdded

    private readonly int _capacity;
    private readonly BandedQuantiles _rises;
    private readonly long[] _sumLoad = new long[LoadBand.Count];
    private readonly long[] _sumRoot = new long[LoadBand.Count];
    private float[] _loads = [];
    private byte[] _added = [];
    private ulong[] _covered = [];  // one bit a slot
    private Dictionary<int, int>? _largeAdded;
    private long _sumAdded;
    private int _coveredCount;

    public CandidateWindow(double level, int capacity)
    {
        _capacity = capacity;
        _rises = new BandedQuantiles(level, capacity);
    }

    /// <summary>Rises in the window (all bands).</summary>
    public int Count => _rises.Count;

    /// <summary>Rises whose count covered the demand.</summary>
    public int CoveredCount => _coveredCount;

    /// <summary>The coverage quantile of all rises (NaN when empty).</summary>
    public double PooledBeta => _rises.Value;

    /// <summary>Bytes held by the arrays that grow with the rises.</summary>
    public long AllocatedBytes => _rises.AllocatedBytes + (_loads.Length * sizeof(float)) + _added.Length + (_covered.Length * sizeof(ulong));

    /// <summary>The rise held in <paramref name="slot"/>.</summary>
    public double ScoreAt(int slot) => _rises.ValueAt(slot);

    public float LoadAt(int slot) => _loads[slot];

    public int AddedAt(int slot) => _added[slot] == LargeAdded ? _largeAdded![slot] : _added[slot];

    public bool CoveredAt(int slot) => (_covered[slot >> 6] & (1UL << slot)) != 0;

    /// <summary>Rises recorded in <paramref name="band"/>.</summary>
    public int SamplesIn(int band) => _rises.CountIn(band);

    /// <summary>
    /// The margin for a load in <paramref name="band"/>: the band's own quantile when it holds
    /// <paramref name="minSamples"/> rises (at least 1), else the pooled one (own = false).
    /// </summary>
    public (double Beta, bool Own) BetaIn(int band, int minSamples) =>
        _rises.CountIn(band) >= Math.Max(minSamples, 1) ? (_rises.ValueIn(band), true) : (_rises.Value, false);

    public void Append(int slot, double score, float load, int added, bool covered)
    {
        var band = LoadBand.Of(load);
        _rises.Add(slot, score, band);
        _loads = SlotArrays.Grown(_loads, slot, _capacity);
        _added = SlotArrays.Grown(_added, slot, _capacity);
        _covered = SlotArrays.Grown(_covered, slot >> 6, (_capacity + 63) >> 6);
        _loads[slot] = load;
        if (added is >= 0 and < LargeAdded)
        {
            _added[slot] = (byte)added;
        }
        else
        {
            _added[slot] = LargeAdded;
            (_largeAdded ??= [])[slot] = added;
        }

        if (covered)
        {
            _covered[slot >> 6] |= 1UL << slot;
        }
        else
        {
            _covered[slot >> 6] &= ~(1UL << slot);
        }

        _sumLoad[band] += Fixed(load);
        _sumRoot[band] += Fixed(Math.Sqrt(Math.Max(load, 1)));
        _sumAdded += added;
        _coveredCount += covered ? 1 : 0;
    }

    /// <summary>Drops the oldest rise, held in <paramref name="slot"/>.</summary>
    public void RemoveOldest(int slot)
    {
        var band = _rises.BandAt(slot);
        var added = AddedAt(slot);
        _rises.Remove(slot);
        _largeAdded?.Remove(slot);
        var load = _loads[slot];
        _sumLoad[band] -= Fixed(load);
        _sumRoot[band] -= Fixed(Math.Sqrt(Math.Max(load, 1)));
        _sumAdded -= added;
        _coveredCount -= CoveredAt(slot) ? 1 : 0;
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
            if (_rises.CountIn(b) > 0)
            {
                capacity += (_sumLoad[b] + (BetaIn(b, minSamples).Beta * _sumRoot[b])) / Micro;
            }
        }

        var changes = _sumAdded * startupTicks / ((double)Count * spacingTicks);
        return (capacity / Count) + changes;
    }

    private static long Fixed(double x) => (long)Math.Round(x * Micro);
}
