using System.Diagnostics;
using System.Text.Json;
using PromoScaler.Backtest.Reports;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;

namespace PromoScaler.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- once</c>: runs each part of the workload once and prints wall time and the process's
/// peak working set, the figure the 300 MB target is about (BenchmarkDotNet reports allocations, not the peak).
/// </summary>
internal static class OnceRun
{
    public static void Run(TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-bench-");
        try
        {
            var watch = Stopwatch.StartNew();
            var workload = new BacktestWorkload();
            output.WriteLine($"trace generated and read: {watch.Elapsed.TotalSeconds:F2} s");

            watch.Restart();
            using (var decisions = new StreamWriter(Path.Combine(directory.FullName, "decisions.csv")))
            using (var components = new StreamWriter(Path.Combine(directory.FullName, "components.csv")))
            {
                var run = workload.RunPolicy(decisions, components);
                output.WriteLine($"policy run + CSV: {watch.Elapsed.TotalSeconds:F2} s, {run.Ticks.Count} ticks, peak working set {Peak()} MB");
            }

            watch.Restart();
            var result = workload.RunWithFrontier();
            output.WriteLine($"policy + hpa + frontier ({result.Frontier.Count} points): {watch.Elapsed.TotalSeconds:F2} s, peak working set {Peak()} MB");

            watch.Restart();
            var calibrated = workload.RunCalibratedWithFrontier();
            output.WriteLine($"calibrated policy + hpa + frontier: {watch.Elapsed.TotalSeconds:F2} s, peak working set {Peak()} MB");
            output.WriteLine($"calibration model, one metric, full 24h window: {CalibrationModelBytes(out var stateJson) / 1024} KB in memory, exported state {stateJson / 1024} KB as JSON");
            output.WriteLine($"forecast gate, full 2h trust window at 15s: {ForecastGateBytes(out var gateJson) / 1024} KB in memory, exported state {gateJson / 1024} KB as JSON");

            watch.Restart();
            ChartRenderer.Render(result, Path.Combine(directory.FullName, "backtest.png"));
            output.WriteLine($"chart: {watch.Elapsed.TotalSeconds:F2} s, peak working set {Peak()} MB");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The managed memory one warmed sizing model holds (5 holds, 24h window at one rise a minute).</summary>
    private static long CalibrationModelBytes(out long stateJsonBytes)
    {
        var policy = new Testing.Policies.PolicyBuilder().Startup(TimeSpan.FromSeconds(90)).Metric("rps", 80, capacityPerReplica: 100).Calibrated().Build();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sizer = CalibratedDecisionBenchmarks.Warm(policy, out _);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        stateJsonBytes = JsonSerializer.SerializeToUtf8Bytes(sizer.Export()).LongLength;
        GC.KeepAlive(sizer);
        return after - before;
    }

    /// <summary>The managed memory of a forecast gate fed 3 hours of decisions at 15s (its 2h window full).</summary>
    private static long ForecastGateBytes(out long stateJsonBytes)
    {
        var start = BacktestWorkload.Start;
        var tick = TimeSpan.FromSeconds(15);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var gate = new ForecastGate("rps", 80, 100, TimeSpan.FromSeconds(90), tick, TimeSpan.FromHours(2), TimeSpan.FromSeconds(60));
        for (var i = 0; i < 720; i++)
        {
            var t = start + (i * tick);
            var demand = 1000 + (300 * Math.Sin(i / 40.0));
            gate.Observe(t, demand);
            var without = (int)Math.Ceiling(demand / 80);
            gate.Record(t, new ForecastSignal(ForecastStatus.Ready, demand * 1.1, 0.1, "holtWinters"), new Decision(DecisionAction.None, without, without, ReasonCode.ReactiveProposal, new DecisionComponents(without, null, null, without), [], EngineState.Empty));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        stateJsonBytes = JsonSerializer.SerializeToUtf8Bytes(gate.Export()).LongLength;
        GC.KeepAlive(gate);
        return after - before;
    }

    private static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }
}
