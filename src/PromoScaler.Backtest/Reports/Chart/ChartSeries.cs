namespace PromoScaler.Backtest.Reports.Chart;

/// <summary>
/// The grid cut into buckets a pixel or two wide, so weeks at 15s stay readable: per bucket the demand's minimum
/// and maximum (its envelope), the mean of each capacity, and the share of it where the policy was overloaded.
/// A bucket of one grid point is the point itself.
/// </summary>
internal sealed class ChartSeries
{
    private ChartSeries(int size, double[] x, double[] xEnd, double[] demandMin, double[] demandMax, double[] policy, double[] hpa, double[] oracle, double[] requested, double[] overloaded)
    {
        BucketSize = size;
        X = x;
        XEnd = xEnd;
        DemandMin = demandMin;
        DemandMax = demandMax;
        Policy = policy;
        Hpa = hpa;
        Oracle = oracle;
        Requested = requested;
        Overloaded = overloaded;
    }

    /// <summary>Grid points per bucket.</summary>
    public int BucketSize { get; }

    /// <summary>Each bucket's start, as OLE automation dates (ScottPlot's time axis).</summary>
    public double[] X { get; }

    /// <summary>Each bucket's end.</summary>
    public double[] XEnd { get; }

    /// <summary>Smallest demand in the bucket; NaN where it has no data.</summary>
    public double[] DemandMin { get; }

    /// <summary>Largest demand in the bucket; NaN where it has no data.</summary>
    public double[] DemandMax { get; }

    /// <summary>Mean policy capacity (ready x C).</summary>
    public double[] Policy { get; }

    /// <summary>Mean HPA capacity.</summary>
    public double[] Hpa { get; }

    /// <summary>Mean oracle capacity (ceil(demand / C) x C); NaN without data.</summary>
    public double[] Oracle { get; }

    /// <summary>Mean policy requested replicas.</summary>
    public double[] Requested { get; }

    /// <summary>The share of the bucket's grid points where the policy was overloaded.</summary>
    public double[] Overloaded { get; }

    /// <summary>Buckets of grid points [<paramref name="from"/>, <paramref name="to"/>), at most <paramref name="maxBuckets"/>.</summary>
    public static ChartSeries Of(BacktestResult result, int from, int to, int maxBuckets)
    {
        var context = result.Context;
        var c = result.CapacityPerReplica;
        var n = Math.Max(0, to - from);
        var size = Math.Max(1, (n + maxBuckets - 1) / maxBuckets);
        var count = (n + size - 1) / size;
        var x = new double[count];
        var xEnd = new double[count];
        var min = new double[count];
        var max = new double[count];
        var policy = new double[count];
        var hpa = new double[count];
        var oracle = new double[count];
        var requested = new double[count];
        var overloaded = new double[count];
        for (var b = 0; b < count; b++)
        {
            var first = from + (b * size);
            var last = Math.Min(first + size, to);
            x[b] = context.GridTime(first).UtcDateTime.ToOADate();
            xEnd[b] = context.GridTime(last).UtcDateTime.ToOADate();
            double lo = double.NaN, hi = double.NaN, p = 0, h = 0, o = 0, r = 0;
            var withData = 0;
            for (var i = first; i < last; i++)
            {
                p += result.Run.Ready[i] * c;
                h += result.Hpa.Ready[i] * c;
                r += result.Run.Requested[i];
                var d = context.GridDemand[i];
                if (double.IsNaN(d))
                {
                    continue;
                }

                withData++;
                lo = double.IsNaN(lo) ? d : Math.Min(lo, d);
                hi = double.IsNaN(hi) ? d : Math.Max(hi, d);
                o += Math.Ceiling((d / c) - 1e-9) * c;
                overloaded[b] += d > result.Run.Ready[i] * c ? 1 : 0;
            }

            var points = last - first;
            (min[b], max[b]) = (lo, hi);
            policy[b] = p / points;
            hpa[b] = h / points;
            requested[b] = r / points;
            oracle[b] = withData == 0 ? double.NaN : o / withData;
            overloaded[b] /= points;
        }

        return new ChartSeries(size, x, xEnd, min, max, policy, hpa, oracle, requested, overloaded);
    }

    /// <summary>Index ranges [start, end) of consecutive buckets where <paramref name="defined"/> holds.</summary>
    public static IEnumerable<(int Start, int End)> Runs(int count, Func<int, bool> defined)
    {
        var start = -1;
        for (var i = 0; i <= count; i++)
        {
            var inside = i < count && defined(i);
            if (inside && start < 0)
            {
                start = i;
            }
            else if (!inside && start >= 0)
            {
                yield return (start, i);
                start = -1;
            }
        }
    }
}
