namespace PromoScaler.Core.Policies.Hosting;

/// <summary>
/// A pre-warm of a hosted pod policy as its VM group sees it (derived by <see cref="HostingCatalog.Link"/>, never
/// written in YAML): the node floor <c>ceil(podFloor / podsPerNode)</c>, active from <c>start - lead -
/// groupStartup</c> so the nodes serve when the pods are scheduled, then held and ramped down with the pods' window.
/// </summary>
/// <param name="Policy">The pod policy the window comes from.</param>
/// <param name="PodsPerNode">That policy's <c>podsPerNode</c>.</param>
/// <param name="PodFloor">The pods' full floor (the window's replicas, clamped to the pod policy's maxReplicas).</param>
/// <param name="Window">
/// The node window: named <c>POLICY/WINDOW</c>, the pods' start (or cron), lead + the group's startup, replicas =
/// the node floor, the pods' hold and rampDown.
/// </param>
public sealed record HostedPrewarm(string Policy, int PodsPerNode, int PodFloor, PrewarmWindow Window);
