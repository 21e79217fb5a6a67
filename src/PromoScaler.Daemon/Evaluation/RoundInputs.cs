using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>A policy as one round evaluates it.</summary>
/// <param name="Policy">The policy with the runtime pre-warms in force and, for a VM group, the node windows of the pods it hosts.</param>
/// <param name="HostedPods">For a VM group, what its hosted pod policies last asked; null otherwise.</param>
internal sealed record RoundInputs(ScalingPolicy Policy, IReadOnlyList<HostedPodDemand>? HostedPods);
