using System.Reflection;
using PromoScaler.Daemon.Telemetry;
using PromoScaler.Prometheus.Telemetry;
using Prometheus;

namespace PromoScaler.Daemon.Tests.Telemetry;

/// <summary>Every metric the daemon exports (its own and its Prometheus source's), with its labels: a new metric or label must be added here and in docs/daemon.md.</summary>
public sealed class DaemonMetricsCatalogTests
{
    private static readonly string[] Expected =
    [
        "promoscaler_admin_requests_total{route,method,status}",
        "promoscaler_decisions_total{policy,action,reason}",
        "promoscaler_evaluation_concurrency_limit{}",
        "promoscaler_forecast_trust_error{policy}",
        "promoscaler_forecast_value{policy}",
        "promoscaler_leader{}",
        "promoscaler_leadership_known{}",
        "promoscaler_metric_read_duration_seconds{}",
        "promoscaler_metric_reads_total{policy,outcome}",
        "promoscaler_policies_loaded{}",
        "promoscaler_policy_clipped{policy,limit}",
        "promoscaler_policy_current_replicas{policy}",
        "promoscaler_policy_desired_replicas{policy}",
        "promoscaler_policy_files_rejected{}",
        "promoscaler_policy_floor_replicas{policy}",
        "promoscaler_policy_forecast_trusted{policy}",
        "promoscaler_policy_last_metric_read_success_timestamp_seconds{policy}",
        "promoscaler_policy_last_target_read_success_timestamp_seconds{policy}",
        "promoscaler_policy_last_write_success_timestamp_seconds{policy}",
        "promoscaler_policy_load_errors_total{}",
        "promoscaler_policy_override_active{policy,kind}",
        "promoscaler_policy_override_expiry_timestamp_seconds{policy,kind}",
        "promoscaler_policy_paused{policy}",
        "promoscaler_policy_paused_since_timestamp_seconds{policy}",
        "promoscaler_policy_paused_until_timestamp_seconds{policy}",
        "promoscaler_policy_predictive_replicas{policy}",
        "promoscaler_policy_prewarm_active{policy}",
        "promoscaler_policy_prewarm_floor_replicas{policy}",
        "promoscaler_policy_prewarm_start_timestamp_seconds{policy}",
        "promoscaler_policy_reactive_replicas{policy}",
        "promoscaler_policy_ready_lead_seconds{policy}",
        "promoscaler_policy_reload_rejected{policy}",
        "promoscaler_policy_reloads_total{outcome}",
        "promoscaler_prometheus_circuit_state{source}",
        "promoscaler_prometheus_queries_coalesced_total{source,shared}",
        "promoscaler_prometheus_query_duration_seconds{source,outcome}",
        "promoscaler_prometheus_query_errors_total{source,reason}",
        "promoscaler_prometheus_requests_total{source,endpoint}",
        "promoscaler_scheduled_evaluations_total{policy}",
        "promoscaler_state_loads_total{outcome}",
        "promoscaler_state_writes_total{outcome}",
        "promoscaler_target_cache_age_seconds{}",
        "promoscaler_target_observations_total{target_kind,from}",
        "promoscaler_target_reads_total{policy,target_kind,outcome}",
        "promoscaler_target_writes_total{policy,target_kind,outcome}",
        "promoscaler_tick_duration_seconds{}",
        "promoscaler_tick_failures_total{policy}",
        "promoscaler_tick_lag_seconds{}",
    ];

    /// <summary>Labels whose values come from outside a closed set would let a caller or a policy edit mint series.</summary>
    private static readonly HashSet<string> BoundedLabels = ["policy", "action", "reason", "outcome", "target_kind", "kind", "limit", "route", "method", "status", "source", "shared", "endpoint", "from"];

    [Fact]
    public void DaemonMetrics_EveryMetricAndItsLabels_AreTheListedOnes()
    {
        var exported = Collectors().Select(c => $"{c.Name}{{{string.Join(',', c.LabelNames)}}}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Expected.Order(StringComparer.Ordinal), exported);
    }

    [Fact]
    public void DaemonMetrics_Labels_AreOnlyBoundedOnes()
    {
        Assert.All(Collectors().SelectMany(c => c.LabelNames), label => Assert.Contains(label, BoundedLabels));
    }

    [Fact]
    public void DaemonMetrics_EveryMetric_IsDocumentedInDaemonMd()
    {
        var docs = File.ReadAllText(Path.Combine(Checkout.Root, "docs", "daemon.md"));

        Assert.All(Collectors(), c => Assert.Contains($"`{c.Name}", docs, StringComparison.Ordinal));
    }

    // The daemon's own metrics and those of the Prometheus source it runs with (configured sources name the `source` label).
    private static List<Collector> Collectors()
    {
        var factory = global::Prometheus.Metrics.WithCustomRegistry(global::Prometheus.Metrics.NewCustomRegistry());
        return [.. Of(new DaemonMetrics(factory)), .. Of(new PrometheusSourceMetrics(factory))];
    }

    private static IEnumerable<Collector> Of(object metrics) =>
        metrics.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => typeof(Collector).IsAssignableFrom(p.PropertyType))
            .Select(p => (Collector)p.GetValue(metrics)!);
}

/// <summary>The repository checkout the tests run in.</summary>
internal static class Checkout
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "charts", "promoscaler", "Chart.yaml")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the checkout (charts/promoscaler) was not found above the test's directory");
    }
}
