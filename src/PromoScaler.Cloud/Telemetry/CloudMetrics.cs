using Prometheus;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Telemetry;

/// <summary>
/// Metrics of the cloud API calls, on an injectable prometheus-net <see cref="IMetricFactory"/> (tests use a fresh
/// registry). Labels are low-cardinality: <c>provider</c> (<c>tencent</c>, <c>aws</c>), <c>action</c> (the API action,
/// e.g. <c>ModifyDesiredCapacity</c>) and <c>outcome</c> (a <see cref="TargetOutcome"/> in camelCase, or
/// <c>transportError</c> / <c>timeout</c> for an attempt that got no answer); never a group, a count or a message.
/// </summary>
public sealed class CloudMetrics
{
    private static readonly string[] CallLabels = ["provider", "action", "outcome"];

    /// <summary>Creates the metrics on <paramref name="factory"/>.</summary>
    public CloudMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Calls = factory.CreateCounter(
            "promoscaler_cloud_calls_total", "Cloud API calls by provider, action and final outcome (after retries).", CallLabels);
        Attempts = factory.CreateCounter(
            "promoscaler_cloud_attempts_total", "Cloud API attempts (each retry counts) by provider, action and outcome.", CallLabels);
        Duration = factory.CreateHistogram(
            "promoscaler_cloud_call_duration_seconds",
            "Time of one cloud API call, retries and their delays included, by provider and action.",
            ["provider", "action"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
    }

    internal Counter Calls { get; }

    internal Counter Attempts { get; }

    internal Histogram Duration { get; }

    /// <summary>The label value of an outcome: camelCase, as the daemon's metrics write outcomes.</summary>
    internal static string Label(TargetOutcome outcome)
    {
        var name = outcome.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
