using PromoScaler.Admin.Ports;
using Prometheus;

namespace PromoScaler.Daemon.Sharding;

/// <summary>The <c>promoscaler_admin_forwarded_requests_total</c> counter.</summary>
internal sealed class ForwardingCounter(IMetricFactory factory) : IForwardingMetrics
{
    private readonly Counter _forwarded = factory.CreateCounter(
        "promoscaler_admin_forwarded_requests_total",
        "Requests about one policy (changes, and reads of one policy) asked of this replica while another replica holds the policy, by outcome (answered, hopRefused, noAddress, unreachable, circuitOpen, timeout, failed).",
        ["outcome"]);

    public void Forwarded(string outcome) => _forwarded.WithLabels(outcome).Inc();
}
