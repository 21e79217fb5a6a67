using System.Globalization;

namespace PromoScaler.DaemonLoad;

/// <summary>The figures of one run.</summary>
/// <param name="Policies">Policies loaded.</param>
/// <param name="Interval">Their interval.</param>
/// <param name="Measured">The measured span (between the two scrapes).</param>
/// <param name="FirstRound">From the daemon's start until every policy had decided once.</param>
/// <param name="Lag">Tick lag observations in the measured span.</param>
/// <param name="Duration">Tick durations in the measured span.</param>
/// <param name="FewestDecisions">The fewest decisions any policy made in the measured span.</param>
/// <param name="Failures">Ticks that failed or ran over their budget in the measured span.</param>
/// <param name="Processes">CPU and memory of each daemon process (one per replica).</param>
internal sealed record LoadResult(
    int Policies,
    TimeSpan Interval,
    TimeSpan Measured,
    TimeSpan FirstRound,
    Histogram Lag,
    Histogram Duration,
    double FewestDecisions,
    double Failures,
    IReadOnlyList<ProcessFigures> Processes)
{
    public const string MarkdownHeader =
        "| policies | mode | replicas (shards) | ticks / slots (pace) | tick lag p50 / p99 | every tick started within | CPU per process (one core = 100 %) | RSS max per process | every policy in every interval | load average before / after |\n" +
        "|---|---|---|---|---|---|---|---|---|---|";

    /// <summary><c>target</c> or <c>calibrated</c>.</summary>
    public string Mode { get; init; } = "target";

    /// <summary>Shards (0: not sharded).</summary>
    public int Shards { get; init; }

    /// <summary>The machine's load averages when the run started and ended.</summary>
    public string LoadBefore { get; init; } = "";

    public string LoadAfter { get; init; } = "";

    /// <summary>Prometheus' CPU over the span (1 = one core).</summary>
    public double PrometheusCpu { get; init; }

    /// <summary>The load run's own process over the span: the in-process API server, mostly.</summary>
    public double ApiServerCpu { get; init; }

    /// <summary>Tick slots in the measured span at each policy's cadence: policies x span / interval.</summary>
    public double Slots => Policies * (Measured / Interval);

    /// <summary>The largest state document of a shard at the span's end, in bytes (0: not sharded).</summary>
    public double StateDocumentBytes { get; init; }

    /// <summary>State writes that failed in the measured span, summed over replicas.</summary>
    public double StateWriteFailures { get; init; }

    /// <summary>The share of those slots whose tick started in the span.</summary>
    public double Pace => Slots > 0 ? Lag.Total / Slots : 0;

    /// <summary>
    /// Every policy was evaluated in each of its intervals: no tick failed; every tick started within the interval of
    /// its due time as far as the lag histogram tells (its bounds are powers of two from 1ms, so for 15s every lag
    /// must lie at or below 8.192s; the loop skips a slot only once a tick is an interval late); and ticks started
    /// at the cadence's pace over the span (at least 98% of the slots: the lag at the span's two ends can differ,
    /// but a lag that keeps growing shows as a shortfall, and it ends in skipped slots).
    /// </summary>
    public bool KeptInterval => Failures == 0 && Lag.MaxBound() <= Interval.TotalSeconds && Pace >= 0.98;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Policies} policies: {Lag.Total:0} ticks in {Describe(Measured)}, lag p50 {Ms(Lag.Quantile(0.5))} p99 {Ms(Lag.Quantile(0.99))} max <= {Ms(Lag.MaxBound())}; " +
        $"ticks {Pace:P1} of {Slots:0} slots; fewest decisions by a policy {FewestDecisions:0}; failures {Failures:0}; duration p50 {Ms(Duration.Quantile(0.5))} p99 {Ms(Duration.Quantile(0.99))}; " +
        $"{Mode} mode, {Processes.Count} process(es){(Shards > 0 ? $" over {Shards} shards" : "")}; CPU {Cpu()} of one core; RSS max {Rss(p => p.RssMax)} peak {Rss(p => p.RssPeak)}; " +
        $"Prometheus CPU {PrometheusCpu:P1}, API server (load run's process) CPU {ApiServerCpu:P1}; first round after {Describe(FirstRound)}; " +
        $"{(Shards > 0 ? $"largest shard state document {StateDocumentBytes:N0} bytes ({StateDocumentBytes * Shards / Policies:0} per policy), " : "")}state writes failed {StateWriteFailures:0}; load average {LoadBefore} -> {LoadAfter}; " +
        $"{(KeptInterval ? "every tick within its interval" : "NOT every tick within its interval")}");

    public string MarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Policies:N0} | {Mode} | {Processes.Count}{(Shards > 0 ? $" ({Shards})" : "")} | {Lag.Total:N0} / {Slots:N0} ({Pace:P1}) | {Ms(Lag.Quantile(0.5))} / {Ms(Lag.Quantile(0.99))} | {Ms(Lag.MaxBound())} | " +
        $"{Cpu()} | {Rss(p => p.RssMax)} | {(KeptInterval ? "yes" : "no")} | {LoadBefore} / {LoadAfter} |");

    private string Cpu() => string.Join(" / ", Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.CoreShare:P1}")));

    private string Rss(Func<ProcessFigures, long> of) => string.Join(" / ", Processes.Select(p => Mb(of(p))));

    private static string Describe(TimeSpan span) => Core.Policies.Duration.Describe(span);

    private static string Ms(double seconds) => double.IsPositiveInfinity(seconds) ? "> 16.4 s"
        : double.IsNaN(seconds) ? "n/a"
        : seconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.#} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.##} s");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0} MB");
}

/// <summary>One daemon process over the measured span.</summary>
/// <param name="CoreShare">CPU time over wall time (1 = one core).</param>
/// <param name="RssMax">The largest resident set sampled during the span, in bytes.</param>
/// <param name="RssPeak">The process's peak resident set since it started (VmHWM), in bytes.</param>
internal sealed record ProcessFigures(double CoreShare, long RssMax, long RssPeak);
