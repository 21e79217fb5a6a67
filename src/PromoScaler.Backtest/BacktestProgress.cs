namespace PromoScaler.Backtest;

/// <summary>Progress of a backtest: which run, how far it is (0..1), and the ticks replayed over all runs so far.</summary>
/// <param name="Run">The run reporting.</param>
/// <param name="Fraction">How far that run is.</param>
/// <param name="TicksDone">Ticks replayed by every run of the backtest so far (0 when not counted).</param>
/// <param name="TicksTotal">Ticks every run of the backtest replays in all (0 when not counted).</param>
public readonly record struct BacktestProgress(string Run, double Fraction, long TicksDone = 0, long TicksTotal = 0);

/// <summary>
/// Adds the whole backtest's tick counts to each run's progress: every run's ticks are known before it starts, so
/// the ticks done are the sum of each run's fraction times its ticks.
/// </summary>
internal sealed class ProgressTally : IProgress<BacktestProgress>
{
    private readonly IProgress<BacktestProgress> _inner;
    private readonly Dictionary<string, (long Ticks, double Fraction)> _runs;
    private readonly long _total;

    private ProgressTally(IProgress<BacktestProgress> inner, IEnumerable<(string Run, long Ticks)> runs)
    {
        _inner = inner;
        _runs = new Dictionary<string, (long, double)>(StringComparer.Ordinal);
        foreach (var (run, ticks) in runs)
        {
            var before = _runs.TryGetValue(run, out var known) ? known.Ticks : 0;
            _runs[run] = (before + ticks, 0);
        }

        _total = _runs.Values.Sum(r => r.Ticks);
    }

    /// <summary>Wraps <paramref name="inner"/> (null stays null) for runs of the given tick counts.</summary>
    public static IProgress<BacktestProgress>? Wrap(IProgress<BacktestProgress>? inner, params (string Run, long Ticks)[] runs) =>
        inner is null ? null : new ProgressTally(inner, runs);

    public void Report(BacktestProgress value)
    {
        long done;
        lock (_runs)
        {
            if (_runs.TryGetValue(value.Run, out var run))
            {
                _runs[value.Run] = (run.Ticks, Math.Clamp(value.Fraction, 0, 1));
            }

            done = (long)_runs.Values.Sum(r => r.Ticks * r.Fraction);
            _inner.Report(value with { TicksDone = done, TicksTotal = _total });
        }
    }
}
