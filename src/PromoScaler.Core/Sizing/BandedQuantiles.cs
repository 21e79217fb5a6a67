namespace PromoScaler.Core.Sizing;

/// <summary>
/// One candidate hold's rises, by slot of the sizer's ring, kept in ascending order so that the conformal quantile
/// of all of them and of each load band is read from one copy of the values.
/// </summary>
/// <remarks>
/// <para>Why not one indexed two-heap window for the pooled quantile and one per band (as before): each held its own
/// copy of the values and three 32-bit index arrays, 20 bytes a rise, so a rise cost 40 to 60 bytes with its band's
/// window and the windows were most of a calibrated policy's memory. Here a rise costs 11 bytes: its value (8), its
/// band (1) and its place in the order (2: a ring has at most 65,536 slots; a 7-day window needs 10,082).</para>
/// <para>The order is by value, ties by slot, so a rise is found by binary search. Adding or dropping one moves the
/// entries after it (at most 2.9 KB in a 24h window, once a minute). The pooled quantile is read in O(1); a band's
/// by a walk over the order from its nearer end, cached until a rise of that band comes or goes. Each answer is the
/// k-th smallest value of the band's multiset, <c>k = ConformalRank.Of(level, n)</c>, which is the same number
/// whatever structure finds it.</para>
/// <para>Arrays grow with the rises (doubling, up to the ring's capacity), so memory follows the samples.</para>
/// </remarks>
internal sealed class BandedQuantiles
{
    /// <summary>The most slots a window can have: its order keeps slots as 16-bit numbers.</summary>
    public const int MaxCapacity = ushort.MaxValue + 1;

    private const byte Free = byte.MaxValue; // the band of a slot that holds no rise

    private readonly double _level;
    private readonly int _capacity;
    private readonly int[] _counts = new int[LoadBand.Count];
    private readonly double[] _bandValues = new double[LoadBand.Count];
    private double[] _values = [];   // by slot
    private byte[] _bands = [];      // by slot; Free when it holds none
    private ushort[] _order = [];    // slots, ascending by (value, slot)
    private int _count;
    private int _staleBands = (1 << LoadBand.Count) - 1; // one bit a band whose quantile changed since it was last read

    /// <param name="level">The quantile level in (0, 1), e.g. 0.99 for coverage 99%.</param>
    /// <param name="capacity">Slots of the ring (at most <see cref="MaxCapacity"/>).</param>
    public BandedQuantiles(double level, int capacity)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _level = level;
        _capacity = capacity;
    }

    /// <summary>Rises held, all bands.</summary>
    public int Count => _count;

    /// <summary>Bytes held by the arrays that grow with the rises (what a rise costs, times the slots grown).</summary>
    public long AllocatedBytes => (_values.Length * sizeof(double)) + _bands.Length + (_order.Length * sizeof(ushort));

    /// <summary>The quantile of all rises: the k-th smallest, k = ConformalRank.Of(level, n); NaN when empty.</summary>
    public double Value => _count == 0 ? double.NaN : _values[_order[ConformalRank.Of(_level, _count) - 1]];

    /// <summary>Rises held in <paramref name="band"/>.</summary>
    public int CountIn(int band) => _counts[band];

    /// <summary>The quantile of the rises in <paramref name="band"/>; NaN when it holds none.</summary>
    public double ValueIn(int band)
    {
        if ((_staleBands & (1 << band)) != 0)
        {
            _bandValues[band] = Rank(band);
            _staleBands &= ~(1 << band);
        }

        return _bandValues[band];
    }

    /// <summary>The rise held in <paramref name="slot"/>.</summary>
    public double ValueAt(int slot) => _values[slot];

    /// <summary>The load band of the rise held in <paramref name="slot"/>.</summary>
    public int BandAt(int slot) => _bands[slot];

    /// <summary>Adds <paramref name="value"/> (finite) in the free slot <paramref name="slot"/>, in load band <paramref name="band"/>.</summary>
    public void Add(int slot, double value, int band)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be ranked.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(band);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(band, LoadBand.Count);
        _values = SlotArrays.Grown(_values, slot, _capacity);
        _bands = SlotArrays.Grown(_bands, slot, _capacity, Free);
        if (_bands[slot] != Free)
        {
            throw new InvalidOperationException($"Slot {slot} already holds a value.");
        }

        _order = SlotArrays.Grown(_order, _count, _capacity);
        var at = ~Find(value, slot);
        Array.Copy(_order, at, _order, at + 1, _count - at);
        _order[at] = (ushort)slot;
        _values[slot] = value;
        _bands[slot] = (byte)band;
        _count++;
        _counts[band]++;
        _staleBands |= 1 << band;
    }

    /// <summary>Drops the rise held in <paramref name="slot"/>.</summary>
    /// <exception cref="InvalidOperationException">The slot holds no rise.</exception>
    public void Remove(int slot)
    {
        if (slot < 0 || slot >= _bands.Length || _bands[slot] == Free)
        {
            throw new InvalidOperationException($"Slot {slot} holds no value.");
        }

        var at = Find(_values[slot], slot);
        Array.Copy(_order, at + 1, _order, at, _count - at - 1);
        _count--;
        _counts[_bands[slot]]--;
        _staleBands |= 1 << _bands[slot];
        _bands[slot] = Free;
    }

    /// <summary>The index of (value, slot) in the order, or the complement of where it would go.</summary>
    private int Find(double value, int slot)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var other = _order[mid];
            var v = _values[other];
            if (v < value || (v == value && other < slot))
            {
                lo = mid + 1;
            }
            else if (v == value && other == slot)
            {
                return mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>
    /// The k-th smallest rise of <paramref name="band"/>, walking the order from the nearer end: at a high coverage
    /// the quantile is among the band's largest, so the walk from the top meets it after few of the band's rises.
    /// </summary>
    private double Rank(int band)
    {
        var n = _counts[band];
        var k = ConformalRank.Of(_level, n);
        if (n == 0)
        {
            return double.NaN;
        }

        var fromTop = k > n / 2;
        var wanted = fromTop ? n - k + 1 : k;
        for (int i = fromTop ? _count - 1 : 0, seen = 0; ; i += fromTop ? -1 : 1)
        {
            var slot = _order[i];
            if (_bands[slot] == band && ++seen == wanted)
            {
                return _values[slot];
            }
        }
    }
}
