using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// Reads every metric of a policy at one instant, at once, counting and logging each outcome; a read never throws
/// (an adapter bug becomes a failed read, which the engine treats as invalid: no scale-down).
/// </summary>
internal sealed class MetricReads(IMetricSource metrics, DaemonMetrics telemetry, DaemonReadiness readiness, TimeProvider time, ILogger<MetricReads> logger)
{
    public static string? Problem(MetricReading[] readings)
    {
        var failed = readings.Where(r => r.Failure is not null).ToList();
        return failed.Count == 0
            ? null
            : string.Join("; ", failed.Select(r => $"{r.Metric} {DaemonMetrics.CamelCase(r.Failure!.Value.ToString())} ({r.Detail})"));
    }

    public async Task<MetricReading[]> ReadAsync(ScalingPolicy policy, DateTimeOffset now, CancellationToken token)
    {
        var specs = policy.Spec.Metrics;
        var reads = new Task<MetricReading>[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            reads[i] = ReadOneAsync(specs[i], now, token);
        }

        var readings = await Task.WhenAll(reads);
        foreach (var reading in readings)
        {
            if (reading.Failure is { } failure)
            {
                telemetry.MetricReads.WithLabels(policy.Name, DaemonMetrics.CamelCase(failure.ToString())).Inc();
                readiness.MetricFailed(now, $"{reading.Metric}: {failure} ({reading.Detail})");
                Log.MetricFailed(logger, reading.Metric, failure, reading.Detail ?? "");
            }
            else
            {
                telemetry.MetricReads.WithLabels(policy.Name, reading.SeriesCount == 0 ? "empty" : "ok").Inc();
                readiness.MetricAnswered(now);
            }
        }

        return readings;
    }

    // The port never throws for a bad read; an adapter bug still must not stop the policy: it becomes a failed read,
    // which the engine treats as invalid (no scale-down).
    private async Task<MetricReading> ReadOneAsync(MetricSpec metric, DateTimeOffset now, CancellationToken token)
    {
        var started = time.GetTimestamp();
        try
        {
            return await metrics.ReadAsync(metric, now, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return MetricReading.Failed(metric.Name, ReadFailure.ReadFailed, ex.Message, null);
        }
        finally
        {
            telemetry.MetricReadDuration.Observe(time.GetElapsedTime(started).TotalSeconds);
        }
    }
}
