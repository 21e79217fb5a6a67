using PromoScaler.Backtest.Replay;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>What <c>promoscaler backtest</c> was asked to do.</summary>
/// <param name="PolicyFile">The policy file.</param>
/// <param name="TraceFile">The trace CSV; null when the trace comes from <paramref name="Prometheus"/>.</param>
/// <param name="OutDirectory">Where the reports go.</param>
/// <param name="Settings">Range, signal and ablations.</param>
/// <param name="PolicyName">Which policy of the file.</param>
/// <param name="Output">Report format.</param>
/// <param name="Chart">Render backtest.png.</param>
/// <param name="Prometheus">Query the trace from this Prometheus instead of reading a file.</param>
/// <param name="Step">The range queries' step; default the policy's interval.</param>
/// <param name="ExportTrace">Also write the queried trace to this CSV file.</param>
internal sealed record BacktestRequest(
    string PolicyFile,
    string? TraceFile,
    string OutDirectory,
    BacktestSettings Settings,
    string? PolicyName,
    OutputFormat Output,
    bool Chart = true,
    Uri? Prometheus = null,
    TimeSpan? Step = null,
    string? ExportTrace = null);
