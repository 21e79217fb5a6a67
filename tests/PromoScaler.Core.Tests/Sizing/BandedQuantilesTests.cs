using CsCheck;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class BandedQuantilesTests
{
    // Values with many ties, both signs and the edges of the finite doubles; -0.0 only as 0.0's tie.
    private static readonly double[] Edges = [double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 1e-300, -1e300, 0.0];

    private static readonly Gen<double> Values = Gen.Frequency(
        (6, Gen.Int[-12, 12].Select(i => i / 4.0)),
        (2, Gen.Double.Where(double.IsFinite)),
        (1, Gen.Int[0, Edges.Length - 1].Select(i => Edges[i])));

    // An operation: a value to add in a band, or (Drop) a removal of the oldest; a full ring always drops.
    private static readonly Gen<(double Level, int Capacity, (bool Drop, double Value, int Band)[] Ops)> Walks =
        Gen.Select(
            Gen.Frequency((1, Gen.Double[0.01, 0.999]), (1, Gen.Int[0, 3].Select(i => new[] { 0.5, 0.9, 0.99, 0.999 }[i]))),
            Gen.Int[1, 300],
            Gen.Select(Gen.Int[0, 9].Select(d => d < 3), Values, Gen.Int[0, 3]).Array[1, 900]);

    [Fact]
    public void Values_RandomAddsAndEvictions_MatchTheHeapWindowsAndTheSortedReference()
    {
        Walks.Sample(w =>
        {
            var compact = new BandedQuantiles(w.Level, w.Capacity);
            var pooled = new HeapSlidingQuantile(w.Level, w.Capacity);
            var bands = new HeapSlidingQuantile[LoadBand.Count];
            var ring = new Queue<(int Slot, double Value, int Band)>();
            var head = 0;
            foreach (var (drop, value, band) in w.Ops)
            {
                if ((drop && ring.Count > 0) || ring.Count == w.Capacity)
                {
                    var (slot, _, oldBand) = ring.Dequeue();
                    compact.Remove(slot);
                    pooled.RemoveOldest();
                    bands[oldBand].RemoveOldest();
                    head = (slot + 1) % w.Capacity;
                }
                else
                {
                    var slot = (head + ring.Count) % w.Capacity;
                    ring.Enqueue((slot, value, band));
                    compact.Add(slot, value, band);
                    pooled.Add(value);
                    (bands[band] ??= new HeapSlidingQuantile(w.Level, w.Capacity)).Add(value);
                }

                if (!Same(compact, pooled, bands, ring, w.Level))
                {
                    return false;
                }
            }

            return true;
        });
    }

    private static bool Same(BandedQuantiles compact, HeapSlidingQuantile pooled, HeapSlidingQuantile[] bands, Queue<(int Slot, double Value, int Band)> ring, double level)
    {
        if (compact.Count != ring.Count || !Equal(compact.Value, pooled.Value) || !Equal(compact.Value, Sorted(ring.Select(r => r.Value), level)))
        {
            return false;
        }

        for (var b = 0; b < LoadBand.Count; b++)
        {
            var inBand = ring.Where(r => r.Band == b).Select(r => r.Value).ToList();
            if (compact.CountIn(b) != inBand.Count || !Equal(compact.ValueIn(b), Sorted(inBand, level))
                || (bands[b] is { } heap && !Equal(compact.ValueIn(b), heap.Value)))
            {
                return false;
            }
        }

        return ring.All(r => compact.ValueAt(r.Slot).Equals(r.Value) && compact.BandAt(r.Slot) == r.Band);
    }

    private static double Sorted(IEnumerable<double> values, double level)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[ConformalRank.Of(level, sorted.Length) - 1];
    }

    // Same number (NaN equals NaN; 0.0 equals -0.0, which only a tie between them can tell apart).
    private static bool Equal(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));

    [Fact]
    public void Add_TakenSlotOrBadInput_ThrowsAndChangesNothing()
    {
        var window = new BandedQuantiles(0.9, 4);
        window.Add(1, 2.5, 3);

        Assert.Throws<InvalidOperationException>(() => window.Add(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.Add(0, double.NaN, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.Add(0, double.PositiveInfinity, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.Add(4, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.Add(0, 1, LoadBand.Count));
        Assert.Throws<InvalidOperationException>(() => window.Remove(0));
        Assert.Throws<InvalidOperationException>(() => window.Remove(63));
        Assert.Equal((1, 2.5, 2.5), (window.Count, window.Value, window.ValueIn(3)));
    }

    [Fact]
    public void Constructor_MoreSlotsThanSixteenBitsAddress_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandedQuantiles(0.99, BandedQuantiles.MaxCapacity + 1));
        Assert.Equal(0, new BandedQuantiles(0.99, BandedQuantiles.MaxCapacity).Count);
    }

    [Fact]
    public void AllocatedBytes_FullDayWindow_ElevenBytesASlot()
    {
        const int slots = 1442; // 24h of one-minute rises and the ring's two spare slots
        var window = new BandedQuantiles(0.99, slots);
        Assert.Equal(0, window.AllocatedBytes);    // nothing before the first rise

        for (var slot = 0; slot < slots; slot++)
        {
            window.Add(slot, slot % 7, slot % LoadBand.Count);
        }

        Assert.Equal(11L * slots, window.AllocatedBytes); // value 8, order 2, band 1
    }

    [Fact]
    public void AllocatedBytes_FewRises_GrowsWithThemNotTheWindow()
    {
        var window = new BandedQuantiles(0.99, 10_082); // a 7-day window
        for (var slot = 0; slot < 100; slot++)
        {
            window.Add(slot, slot, 0);
        }

        Assert.Equal(11L * 128, window.AllocatedBytes); // 64, then doubled once
    }
}
