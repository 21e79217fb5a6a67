using PromoScaler.Backtest;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>Runs a prepared backtest, with a progress bar on an interactive console when the run is long.</summary>
internal static class BacktestProgressView
{
    /// <summary>Runs of at least this many ticks show a progress bar on an interactive console.</summary>
    public const int ProgressThresholdTicks = 20_000;

    public static BacktestResult Run(PreparedBacktest prepared, OutputFormat output, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var runner = new BacktestRunner();
        if (output == OutputFormat.Json || !console.Profile.Capabilities.Interactive || prepared.Ticks < ProgressThresholdTicks)
        {
            return runner.Run(prepared, cancellationToken: cancellationToken);
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
