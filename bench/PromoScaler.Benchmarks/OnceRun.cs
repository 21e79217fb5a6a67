using System.Diagnostics;
using PromoScaler.Backtest.Reports;

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
            output.WriteLine($"calibration model, one metric, full 24h window: {CalibrationModelBytes() / 1024} KB");

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
    private static long CalibrationModelBytes()
    {
        var policy = new Testing.Policies.PolicyBuilder().Startup(TimeSpan.FromSeconds(90)).Metric("rps", 80, capacityPerReplica: 100).Calibrated().Build();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sizer = CalibratedDecisionBenchmarks.Warm(policy, out _);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(sizer);
        return after - before;
    }

    private static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }
}
