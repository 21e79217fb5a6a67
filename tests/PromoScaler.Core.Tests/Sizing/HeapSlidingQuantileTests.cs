using CsCheck;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class HeapSlidingQuantileTests
{
    // A random walk of operations: a value to add (many ties, negatives) or a removal of the oldest (negative code).
    private static readonly Gen<(double Level, int Capacity, int[] Ops)> Walks =
        Gen.Select(Gen.Double[0.01, 0.999], Gen.Int[1, 64], Gen.Int[-40, 40].Array[1, 400]);

    [Fact]
    public void Value_RandomAddsAndRemovals_MatchesTheSortedReference()
    {
        Walks.Sample(w =>
        {
            var window = new HeapSlidingQuantile(w.Level, w.Capacity);
            var reference = new Queue<double>();
            foreach (var op in w.Ops)
            {
                if ((op < -20 && reference.Count > 0) || reference.Count == w.Capacity)
                {
                    window.RemoveOldest();
                    reference.Dequeue();
                }
                else
                {
                    var value = op / 4.0;
                    window.Add(value);
                    reference.Enqueue(value);
                }

                var sorted = reference.Order().ToArray();
                var k = HeapSlidingQuantile.Rank(w.Level, sorted.Length);
                var expected = sorted.Length == 0 ? double.NaN : sorted[k - 1];
                if (!expected.Equals(window.Value) || window.Count != sorted.Length)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Theory]
    [InlineData(0.99, 1440, 1427)] // ceil(0.99 x 1441) = 1426.59 -> 1427
    [InlineData(0.99, 99, 99)]     // the first count whose conformal rank exists
    [InlineData(0.99, 98, 98)]     // capped at n below it
    [InlineData(0.5, 3, 2)]
    public void Rank_ConformalFiniteSampleCorrection(double level, int n, int expected)
    {
        Assert.Equal(expected, HeapSlidingQuantile.Rank(level, n));
    }

    [Fact]
    public void Add_FullWindow_Throws()
    {
        var window = new HeapSlidingQuantile(0.9, 1);
        window.Add(1);

        Assert.Throws<InvalidOperationException>(() => window.Add(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeapSlidingQuantile(0.9, 2).Add(double.NaN));
    }
}
