using BenchmarkDotNet.Attributes;
using PromoScaler.Backtest.Reports;

namespace PromoScaler.Benchmarks;

/// <summary>
/// 30 days at a 15s interval (172,800 ticks), holtWinters at step 1m. Targets on a 2-core machine: the policy run
/// (engine, forecaster, simulator, scoring, CSV writing) under 3 s and 300 MB; frontier and chart reported apart.
/// </summary>
[MemoryDiagnoser]
public class BacktestBenchmarks
{
    private BacktestWorkload _workload = null!;
    private string _chartPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new BacktestWorkload();
        _chartPath = Path.Combine(Path.GetTempPath(), $"promoscaler-bench-{Guid.NewGuid():N}.png");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_chartPath);

    [Benchmark(Description = "policy run + CSV (172,800 ticks)")]
    public int PolicyRun()
    {
        using var decisions = new StreamWriter(Stream.Null);
        using var components = new StreamWriter(Stream.Null);
        return _workload.RunPolicy(decisions, components).ScaleEvents;
    }

    [Benchmark(Description = "calibrated policy run + CSV (172,800 ticks)")]
    public int CalibratedPolicyRun()
    {
        using var decisions = new StreamWriter(Stream.Null);
        using var components = new StreamWriter(Stream.Null);
        return _workload.RunCalibratedPolicy(decisions, components).ScaleEvents;
    }

    [Benchmark(Description = "policy + hpa + 17-point frontier")]
    public int WithFrontier() => _workload.RunWithFrontier().Frontier.Count;

    [Benchmark(Description = "chart")]
    public void Chart() => ChartRenderer.Render(_workload.RunWithFrontier(), _chartPath);
}
