namespace PromoScaler.Cli.Demo;

/// <summary>
/// One workload of the simulated cluster: the object its policy scales and the series its policy's query reads,
/// the trace's demand times <paramref name="DemandMultiplier"/> (the NASA trace peaks at 6.75 requests/s; times 100
/// a policy has tens of replicas to move).
/// </summary>
/// <param name="Policy">The policy's name (its file is <c>Policies/&lt;Policy&gt;.yaml</c> in the assembly).</param>
/// <param name="Kind">The target kind: Deployment or StatefulSet.</param>
/// <param name="Name">The object's name in <see cref="DemoWorkloads.Namespace"/>.</param>
/// <param name="Query">The PromQL its policy's metric reads.</param>
/// <param name="DemandMultiplier">Requests per second of this workload per request per second of the trace.</param>
/// <param name="Replicas">What it runs when the demo starts.</param>
internal sealed record DemoWorkload(string Policy, string Kind, string Name, string Query, double DemandMultiplier, int Replicas);

/// <summary>The demo's workloads; their policies sit next to this file in <c>Policies/</c>.</summary>
internal static class DemoWorkloads
{
    /// <summary>The namespace of every demo workload.</summary>
    public const string Namespace = "demo";

    /// <summary>The policy that carries the pre-warm written relative to the simulated start.</summary>
    public const string PrewarmPolicy = "nasa-www";

    public static IReadOnlyList<DemoWorkload> All { get; } =
    [
        new(PrewarmPolicy, "Deployment", "nasa-www", "sum(rate(http_requests_total{service=\"nasa-www\"}[1m]))", 100, 4),
        new("checkout", "Deployment", "checkout", "sum(rate(http_requests_total{service=\"checkout\"}[1m]))", 40, 3),
        new("search", "StatefulSet", "search", "sum(rate(http_requests_total{service=\"search\"}[1m]))", 60, 5),
    ];
}
