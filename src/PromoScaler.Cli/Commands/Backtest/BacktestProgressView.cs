using PromoScaler.Backtest;
using PromoScaler.Backtest.Reports;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>
/// Runs a prepared backtest and shows its progress when the run is long: a bar on an interactive console, else
/// plain lines on stderr (<see cref="ProgressLines"/>), so a run in CI says how far it is too.
/// </summary>
internal static class BacktestProgressView
{
    /// <summary>Runs of at least this many ticks show a progress bar on an interactive console.</summary>
    public const int ProgressThresholdTicks = 20_000;

    /// <param name="prepared">The checked backtest.</param>
    /// <param name="output">The report format (JSON on stdout never gets a bar).</param>
    /// <param name="console">The report's console (stdout).</param>
    /// <param name="errors">Where plain progress lines go (stderr).</param>
    /// <param name="time">Times the plain lines.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static BacktestResult Run(PreparedBacktest prepared, OutputFormat output, IAnsiConsole console, IAnsiConsole errors, TimeProvider time, CancellationToken cancellationToken)
    {
        var runner = new BacktestRunner();
        if (prepared.Ticks < ProgressThresholdTicks)
        {
            return runner.Run(prepared, cancellationToken: cancellationToken);
        }

        if (output == OutputFormat.Json || !console.Profile.Capabilities.Interactive)
        {
            return runner.Run(prepared, progress: new ProgressLines(errors.Profile.Out.Writer, time), cancellationToken: cancellationToken);
        }

        BacktestResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var report = new SynchronousProgress(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Run, out var task))
                        {
                            task = tasks[p.Run] = progress.AddTask(Markup.Escape(p.Run), maxValue: 1.0);
                        }

                        task.Value = p.Fraction;
                    }
                });
                result = runner.Run(prepared, progress: report, cancellationToken: cancellationToken);
            });
        return result!;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<BacktestProgress> report) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => report(value);
    }
}
