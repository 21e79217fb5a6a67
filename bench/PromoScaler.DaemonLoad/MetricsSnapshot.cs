using System.Globalization;

namespace PromoScaler.DaemonLoad;

/// <summary>What a load run reads from one scrape of the daemon's /metrics (Prometheus text format).</summary>
internal sealed class MetricsSnapshot
{
    private MetricsSnapshot(Histogram lag, Histogram duration, Dictionary<string, double> decisions, double failures)
    {
        Lag = lag;
        Duration = duration;
        Decisions = decisions;
        Failures = failures;
    }

    /// <summary><c>promoscaler_state_document_bytes</c>: the largest shard document this replica wrote or tried to.</summary>
    public double StateDocumentBytes { get; private set; }

    /// <summary><c>promoscaler_state_writes_total{outcome="failed"}</c>.</summary>
    public double StateWriteFailures { get; private set; }

    /// <summary><c>promoscaler_tick_lag_seconds</c>: how late each tick started after it was due.</summary>
    public Histogram Lag { get; }

    /// <summary><c>promoscaler_tick_duration_seconds</c>: reads, decision and write of one tick.</summary>
    public Histogram Duration { get; }

    /// <summary><c>promoscaler_decisions_total</c> summed per policy.</summary>
    public IReadOnlyDictionary<string, double> Decisions { get; }

    /// <summary><c>promoscaler_tick_failures_total</c> summed.</summary>
    public double Failures { get; }

    public static MetricsSnapshot Parse(string text)
    {
        var lag = new SortedDictionary<double, double>();
        var duration = new SortedDictionary<double, double>();
        var decisions = new Dictionary<string, double>(StringComparer.Ordinal);
        var failures = 0.0;
        var (documentBytes, stateFailures) = (0.0, 0.0);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var name = line[..space];
            var value = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            if (name.StartsWith("promoscaler_tick_lag_seconds_bucket{", StringComparison.Ordinal))
            {
                lag[Le(name)] = value;
            }
            else if (name.StartsWith("promoscaler_tick_duration_seconds_bucket{", StringComparison.Ordinal))
            {
                duration[Le(name)] = value;
            }
            else if (name.StartsWith("promoscaler_decisions_total{", StringComparison.Ordinal))
            {
                var policy = Label(name, "policy");
                decisions[policy] = decisions.GetValueOrDefault(policy) + value;
            }
            else if (name.StartsWith("promoscaler_tick_failures_total{", StringComparison.Ordinal))
            {
                failures += value;
            }
            else if (name.StartsWith("promoscaler_state_document_bytes{", StringComparison.Ordinal))
            {
                documentBytes = Math.Max(documentBytes, value);
            }
            else if (name == "promoscaler_state_writes_total{outcome=\"failed\"}")
            {
                stateFailures = value;
            }
        }

        return new MetricsSnapshot(new Histogram([.. lag.Keys], [.. lag.Values]), new Histogram([.. duration.Keys], [.. duration.Values]), decisions, failures)
        {
            StateDocumentBytes = documentBytes,
            StateWriteFailures = stateFailures,
        };
    }

    private static double Le(string name)
    {
        var le = Label(name, "le");
        return le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
    }

    private static string Label(string name, string label)
    {
        var start = name.IndexOf(label + "=\"", StringComparison.Ordinal) + label.Length + 2;
        return name[start..name.IndexOf('"', start)];
    }
}

/// <summary>A cumulative histogram: the count of observations at or below each upper bound.</summary>
/// <param name="Bounds">Upper bounds, ascending, +Inf last.</param>
/// <param name="Counts">Cumulative counts per bound.</param>
internal sealed record Histogram(double[] Bounds, double[] Counts)
{
    public double Total => Counts.Length == 0 ? 0 : Counts[^1];

    /// <summary>The observations made between <paramref name="earlier"/> and this one.</summary>
    public Histogram Since(Histogram earlier) =>
        this with { Counts = [.. Counts.Select((c, i) => c - (i < earlier.Counts.Length ? earlier.Counts[i] : 0))] };

    /// <summary>
    /// The <paramref name="q"/> quantile, interpolated linearly inside its bucket as PromQL's histogram_quantile does
    /// (so it is known to the bucket: these are powers of two from 1ms); +Inf when it lies above the last bound.
    /// </summary>
    public double Quantile(double q)
    {
        var rank = q * Total;
        for (var i = 0; i < Counts.Length; i++)
        {
            if (Counts[i] >= rank && Counts[i] > 0)
            {
                if (double.IsPositiveInfinity(Bounds[i]))
                {
                    return double.PositiveInfinity;
                }

                var (lower, below) = i == 0 ? (0.0, 0.0) : (Bounds[i - 1], Counts[i - 1]);
                return lower + ((Bounds[i] - lower) * (rank - below) / (Counts[i] - below));
            }
        }

        return double.NaN;
    }

    /// <summary>The smallest bound at or below which every observation lies (+Inf when some lie above the last).</summary>
    public double MaxBound()
    {
        for (var i = 0; i < Counts.Length; i++)
        {
            if (Counts[i] >= Total)
            {
                return Bounds[i];
            }
        }

        return double.NaN;
    }
}
