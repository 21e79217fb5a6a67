using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Prometheus.Validation;

/// <summary>What <c>validate --prometheus</c> reports for one metric of one policy.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Reading">What the source read, once, now.</param>
/// <param name="Problem">Why the metric fails validation; null when it passes.</param>
public sealed record MetricCheck(string Policy, MetricReading Reading, string? Problem)
{
    /// <summary>True when the query answered with exactly one series (or an empty result under <c>whenEmpty: zero</c>).</summary>
    public bool Passed => Problem is null;
}

/// <summary>
/// Runs every policy's queries once through the daemon's own <see cref="IMetricSource"/> and judges the shape of
/// each answer: a read failure (a PromQL error included) or a result that is not exactly one series fails, unless
/// the result is empty and the metric says <c>whenEmpty: zero</c>. A value the engine would refuse whatever the
/// traffic (NaN, infinite, negative, above <c>maxValue</c>) fails too, judged by the engine's own rule
/// (<see cref="ReadingVerdict"/>). Freshness and completeness are reported, not judged: they change with traffic.
/// </summary>
public sealed class PrometheusPolicyChecker
{
    private readonly IMetricSource _source;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the checker over <paramref name="source"/>.</summary>
    public PrometheusPolicyChecker(IMetricSource source, TimeProvider timeProvider)
    {
        _source = source;
        _timeProvider = timeProvider;
    }

    /// <summary>Checks every metric of every policy, in file order.</summary>
    public Task<IReadOnlyList<MetricCheck>> CheckAsync(IEnumerable<ScalingPolicy> policies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return CheckAsync(policies.SelectMany(p => p.Spec.Metrics.Select(m => (p.Name, m))), cancellationToken);
    }

    /// <summary>Checks the given (policy name, metric) pairs, evaluated at the same instant.</summary>
    public async Task<IReadOnlyList<MetricCheck>> CheckAsync(IEnumerable<(string Policy, MetricSpec Metric)> metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = _timeProvider.GetUtcNow();
        var checks = new List<MetricCheck>();
        foreach (var (policy, metric) in metrics)
        {
            var reading = await _source.ReadAsync(metric, now, cancellationToken);
            checks.Add(new MetricCheck(policy, reading, ProblemOf(metric, reading, now)));
        }

        return checks;
    }

    internal static string? ProblemOf(MetricSpec metric, MetricReading reading, DateTimeOffset now) => reading switch
    {
        { Failure: { } failure } => $"{ReasonOf(failure).ToCode()}: {reading.Detail}",
        { SeriesCount: 1 } => ValueProblemOf(metric, reading, now),
        { SeriesCount: 0 } when metric.WhenEmpty == EmptyResultMode.Zero => null,
        { SeriesCount: 0 } => "the query returned no series (set whenEmpty: zero if empty means 0)",
        _ => reading.Detail ?? $"the query returned {reading.SeriesCount} series; it must return one",
    };

    // The engine checks values before freshness, so a value it refuses is found whatever the staleness bound; a
    // stale or incomplete verdict is left to run time, as the summary says.
    private static string? ValueProblemOf(MetricSpec metric, MetricReading reading, DateTimeOffset now)
    {
        var verdict = ReadingVerdict.Classify(metric, reading, now, TimeSpan.Zero);
        var value = reading.Value.GetValueOrDefault();
        return verdict switch
        {
            ReasonCode.NotANumber => $"{verdict.ToCode()}: the value is NaN; the engine treats it as invalid",
            ReasonCode.Infinite => $"{verdict.ToCode()}: the value is {(value > 0 ? "+Inf" : "-Inf")}; the engine treats it as invalid",
            ReasonCode.Negative => $"{verdict.ToCode()}: the value {Number(value)} is negative; the engine treats it as invalid",
            ReasonCode.AboveMaxValue => $"{verdict.ToCode()}: the value {Number(value)} is above maxValue {Number(metric.MaxValue.GetValueOrDefault())}; the engine treats it as invalid",
            _ => null,
        };
    }

    private static string Number(double value) => value.ToString("G", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The engine's reason code for a failed read, as the explanation and reports name it.</summary>
    public static ReasonCode ReasonOf(ReadFailure failure) => failure switch
    {
        ReadFailure.QueryError => ReasonCode.QueryError,
        ReadFailure.Timeout => ReasonCode.Timeout,
        ReadFailure.CircuitOpen => ReasonCode.CircuitOpen,
        _ => ReasonCode.ReadFailed,
    };
}
