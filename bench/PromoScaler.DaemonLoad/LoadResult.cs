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
/// <param name="CoreShare">CPU time over wall time in the measured span (1 = one core).</param>
/// <param name="RssMax">The largest resident set sampled during the measured span, in bytes.</param>
/// <param name="RssPeak">The process's peak resident set since it started (VmHWM), in bytes.</param>
internal sealed record LoadResult(
    int Policies,
    TimeSpan Interval,
    TimeSpan Measured,
    TimeSpan FirstRound,
    Histogram Lag,
    Histogram Duration,
    double FewestDecisions,
    double Failures,
    double CoreShare,
    long RssMax,
    long RssPeak)
{
    public const string MarkdownHeader =
        "| policies | ticks / slots (pace) | tick lag p50 | tick lag p99 | every tick started within | tick duration p50 / p99 | CPU (one core) | RSS max / peak | every policy in every interval |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    /// <summary>Tick slots in the measured span at each policy's cadence: policies x span / interval.</summary>
    public double Slots => Policies * (Measured / Interval);

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
        $"CPU {CoreShare:P1} of one core; RSS max {Mb(RssMax)} peak {Mb(RssPeak)}; first round after {Describe(FirstRound)}; " +
        $"{(KeptInterval ? "every tick within its interval" : "NOT every tick within its interval")}");

    public string MarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Policies:N0} | {Lag.Total:N0} / {Slots:N0} ({Pace:P1}) | {Ms(Lag.Quantile(0.5))} | {Ms(Lag.Quantile(0.99))} | {Ms(Lag.MaxBound())} | " +
        $"{Ms(Duration.Quantile(0.5))} / {Ms(Duration.Quantile(0.99))} | {CoreShare:P1} | {Mb(RssMax)} / {Mb(RssPeak)} | {(KeptInterval ? "yes" : "no")} |");

    private static string Describe(TimeSpan span) => Core.Policies.Duration.Describe(span);

    private static string Ms(double seconds) => double.IsPositiveInfinity(seconds) ? "> 16.4 s"
        : double.IsNaN(seconds) ? "n/a"
        : seconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.#} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.##} s");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0} MB");
}
