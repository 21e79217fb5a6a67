using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Api;

namespace PromoScaler.Cli.Prometheus;

/// <summary>The evaluation instants of a backtest from Prometheus: <c>Start + k x Step</c> up to <c>End</c>.</summary>
/// <param name="Start">First instant: <c>--from</c> less the prediction history and the metric delay, in whole steps.</param>
/// <param name="End">Last instant: the first step at or after <c>--to</c>, so the trace covers the scored range.</param>
/// <param name="Step">The evaluation step (<c>--step</c>, default the policy's interval).</param>
internal sealed record PrometheusTraceRange(DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)
{
    /// <summary>Number of instants.</summary>
    public int Count => (int)((End - Start).Ticks / Step.Ticks) + 1;

    /// <summary>The range for scoring [<paramref name="from"/>, <paramref name="to"/>] with <paramref name="lookback"/> of data before it.</summary>
    public static PrometheusTraceRange For(DateTimeOffset from, DateTimeOffset to, TimeSpan step, TimeSpan lookback)
    {
        // --from stays on the grid, so a tick at --from reads a sample Prometheus evaluated at exactly that instant.
        var before = (lookback.Ticks + step.Ticks - 1) / step.Ticks;
        var after = ((to - from).Ticks + step.Ticks - 1) / step.Ticks;
        return new PrometheusTraceRange(from - (step * before), from + (step * after), step);
    }
}

/// <summary>
/// Builds a backtest trace from Prometheus: each policy metric's own query evaluated with <c>query_range</c> over
/// one grid, one column per metric. A step where the query had no value (or NaN, or an infinity) is a hole, as
/// an empty cell is in a trace CSV; under <c>whenEmpty: zero</c> a step with no series is a true 0, as the daemon
/// reads it.
/// </summary>
internal static class PrometheusTrace
{
    /// <summary>Queries every metric of <paramref name="policy"/> over <paramref name="range"/>.</summary>
    /// <exception cref="PrometheusQueryException">A query failed or returned several series.</exception>
    /// <exception cref="TraceFormatException">A metric had no value at any step (a wrong query, or no data in the range).</exception>
    public static async Task<Trace> QueryAsync(
        PrometheusHistoryReader reader,
        Uri url,
        ScalingPolicy policy,
        PrometheusTraceRange range,
        CancellationToken cancellationToken)
    {
        var origin = $"Prometheus {url}";
        var times = Enumerable.Range(0, range.Count).Select(k => range.Start + (range.Step * k)).ToArray();
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var metric in policy.Spec.Metrics)
        {
            var samples = await reader.ReadAsync(metric, range.Start, range.End, range.Step, cancellationToken);
            var values = new double[times.Length];
            Array.Fill(values, metric.WhenEmpty == EmptyResultMode.Zero ? 0 : double.NaN);
            var found = 0;
            foreach (var sample in samples)
            {
                var k = (int)Math.Round((double)(sample.Timestamp - range.Start).Ticks / range.Step.Ticks);
                if (k < 0 || k >= times.Length || (sample.Timestamp - times[k]).Duration() > TimeSpan.FromMilliseconds(1))
                {
                    throw new PrometheusQueryException(
                        metric.Source,
                        Core.Engine.ReadFailure.QueryError,
                        $"metric '{metric.Name}': a sample at {Instant.Format(sample.Timestamp)} is not on the requested grid {Instant.Format(range.Start)} + k x {Duration.Format(range.Step)}");
                }

                values[k] = double.IsFinite(sample.Value) ? sample.Value : double.NaN;
                found += double.IsFinite(sample.Value) ? 1 : 0;
            }

            if (found == 0 && metric.WhenEmpty != EmptyResultMode.Zero)
            {
                throw new TraceFormatException(
                    origin,
                    1,
                    $"metric \"{metric.Name}\": the query {metric.Query} had no value from {Instant.Format(range.Start)} to {Instant.Format(range.End)}; check the query and the range (or set whenEmpty: zero if empty means 0)");
            }

            columns[metric.Name] = values;
        }

        return Trace.FromColumns(origin, times, columns);
    }
}
