namespace PromoScaler.Core.Tests.Sizing;

/// <summary>
/// The calibrated sizer's window before the compact <c>BandedQuantiles</c>, kept as the reference its answers are
/// compared with. A first-in first-out window of numbers that answers its conformal quantile at a fixed level in O(1) and accepts
/// a new value or drops the oldest in O(log n).
/// </summary>
/// <remarks>
/// Two indexed binary heaps split the window: a max-heap holding the <c>k</c> smallest values and a min-heap holding
/// the rest, where <c>k = min(n, ceil(level x (n + 1)))</c> is the split-conformal rank (the finite-sample
/// correction that makes the empirical coverage at least <c>level</c> on exchangeable data). The quantile is the
/// top of the max-heap. Each slot of the ring remembers which heap holds it and where, so the oldest value can be
/// removed from the middle of a heap. Memory: three arrays of the window's capacity (8 + 4 + 4 bytes a value).
/// </remarks>
public sealed class HeapSlidingQuantile
{
    private readonly double _level;
    private readonly double[] _values;   // ring of values, by slot
    private readonly int[] _position;    // slot -> index in its heap; the lower heap's as is, the upper heap's as ~index
    private readonly Heap _lower;        // max-heap of slots: the k smallest values
    private readonly Heap _upper;        // min-heap of slots: the others
    private int _head;                   // slot of the oldest value
    private int _count;

    /// <param name="level">The quantile level in (0, 1), e.g. 0.99 for coverage 99%.</param>
    /// <param name="capacity">The most values the window holds at once.</param>
    public HeapSlidingQuantile(double level, int capacity)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _level = level;
        _values = new double[capacity];
        _position = new int[capacity];
        _lower = new Heap(_values, _position, capacity, maxHeap: true);
        _upper = new Heap(_values, _position, capacity, maxHeap: false);
    }

    /// <summary>Values in the window.</summary>
    public int Count => _count;

    /// <summary>The most values the window holds.</summary>
    public int Capacity => _values.Length;

    /// <summary>The rank of the quantile among n sorted values (1-based): min(n, ceil(level x (n + 1))).</summary>
    public static int Rank(double level, int n) => n == 0 ? 0 : (int)Math.Min(n, Math.Ceiling((level * (n + 1)) - 1e-12));

    /// <summary>The k-th smallest value, k = <see cref="Rank"/>; NaN when the window is empty.</summary>
    public double Value => _lower.Count == 0 ? double.NaN : _values[_lower.Top];

    /// <summary>The value at position <paramref name="age"/> from the oldest (0 = oldest).</summary>
    public double this[int age] => _values[(_head + age) % _values.Length];

    /// <summary>Appends <paramref name="value"/> as the newest (a finite number).</summary>
    /// <exception cref="InvalidOperationException">The window is full: drop the oldest first.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be ranked.");
        }

        if (_count == _values.Length)
        {
            throw new InvalidOperationException("The window is full; remove the oldest value first.");
        }

        var slot = (_head + _count) % _values.Length;
        _values[slot] = value;
        _count++;
        (_lower.Count > 0 && value <= _values[_lower.Top] ? _lower : _upper).Push(slot);
        Rebalance();
    }

    /// <summary>Drops the oldest value.</summary>
    public void RemoveOldest()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("The window is empty.");
        }

        var at = _position[_head];
        if (at >= 0)
        {
            _lower.RemoveAt(at);
        }
        else
        {
            _upper.RemoveAt(~at);
        }

        _head = (_head + 1) % _values.Length;
        _count--;
        Rebalance();
    }

    private void Rebalance()
    {
        var k = Rank(_level, _count);
        while (_lower.Count > k)
        {
            _upper.Push(_lower.Pop());
        }

        while (_lower.Count < k)
        {
            _lower.Push(_upper.Pop());
        }
    }

    /// <summary>A binary heap of ring slots ordered by their values, keeping each slot's index up to date.</summary>
    private sealed class Heap(double[] values, int[] position, int capacity, bool maxHeap)
    {
        private readonly int[] _slots = new int[capacity];

        public int Count { get; private set; }

        public int Top => _slots[0];

        public void Push(int slot)
        {
            Set(Count, slot);
            SiftUp(Count++);
        }

        public int Pop()
        {
            var top = _slots[0];
            RemoveAt(0);
            return top;
        }

        public void RemoveAt(int index)
        {
            var last = --Count;
            if (index != last)
            {
                Set(index, _slots[last]);
                SiftDown(index);
                SiftUp(index);
            }
        }

        // "Above" = closer to the root: larger in the max-heap, smaller in the min-heap.
        private bool Above(int a, int b) => maxHeap ? values[a] > values[b] : values[a] < values[b];

        private void Set(int index, int slot)
        {
            _slots[index] = slot;
            position[slot] = maxHeap ? index : ~index;
        }

        private void SiftUp(int i)
        {
            var slot = _slots[i];
            while (i > 0 && Above(slot, _slots[(i - 1) / 2]))
            {
                Set(i, _slots[(i - 1) / 2]);
                i = (i - 1) / 2;
            }

            Set(i, slot);
        }

        private void SiftDown(int i)
        {
            var slot = _slots[i];
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= Count)
                {
                    break;
                }

                if (child + 1 < Count && Above(_slots[child + 1], _slots[child]))
                {
                    child++;
                }

                if (!Above(_slots[child], slot))
                {
                    break;
                }

                Set(i, _slots[child]);
                i = child;
            }

            Set(i, slot);
        }
    }
}
