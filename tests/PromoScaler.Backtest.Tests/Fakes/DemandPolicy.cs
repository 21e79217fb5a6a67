using PromoScaler.Testing.Policies;

namespace PromoScaler.Backtest.Tests.Fakes;

/// <summary>
/// The policy the backtest tests replay: <c>web</c>, one metric <c>demand</c> (the column of the test traces),
/// replicas 1..10 and a 30s startup, so the simulated pods take a tick or two to become ready. Chained calls override.
/// </summary>
internal static class DemandPolicy
{
    public static PolicyBuilder Builder(double targetPerReplica = 10, double capacityPerReplica = 10) =>
        new PolicyBuilder()
            .Named("web")
            .Metric("demand", targetPerReplica, capacityPerReplica: capacityPerReplica)
            .Replicas(1, 10)
            .Startup(TimeSpan.FromSeconds(30));
}
