namespace PromoScaler.Core.Policies;

/// <summary>What an empty query result means.</summary>
public enum EmptyResultMode
{
    /// <summary>No data: the metric is invalid (default).</summary>
    Missing,
    /// <summary>A true zero.</summary>
    Zero,
}

/// <summary>One entry of <c>spec.metrics</c>.</summary>
/// <param name="Name">[a-z0-9_]+, unique within the policy.</param>
/// <param name="Query">PromQL returning one series.</param>
/// <param name="TargetPerReplica">Load one replica should carry (HPA AverageValue).</param>
/// <param name="CapacityPerReplica">Load at which one replica is overloaded; default <c>TargetPerReplica / 0.8</c>.</param>
/// <param name="Source">Configured Prometheus source; default "default".</param>
/// <param name="WhenEmpty">Meaning of an empty result.</param>
/// <param name="MaxValue">A larger value is invalid (absurd).</param>
/// <param name="FreshnessQuery">Returns the newest sample's Unix time.</param>
/// <param name="CompletenessQuery">Returns the fraction of sources reporting.</param>
/// <param name="MinCompleteness">With <paramref name="CompletenessQuery"/>: below it the metric is invalid.</param>
public sealed record MetricSpec(
    string Name,
    string Query,
    double TargetPerReplica,
    double? CapacityPerReplica = null,
    string Source = MetricSpec.DefaultSource,
    EmptyResultMode WhenEmpty = EmptyResultMode.Missing,
    double? MaxValue = null,
    string? FreshnessQuery = null,
    string? CompletenessQuery = null,
    Percentage? MinCompleteness = null)
{
    public const string DefaultSource = "default";

    /// <summary>The capacity per replica used by backtests and <c>explain</c>.</summary>
    public double EffectiveCapacityPerReplica => CapacityPerReplica ?? TargetPerReplica / 0.8;
}
