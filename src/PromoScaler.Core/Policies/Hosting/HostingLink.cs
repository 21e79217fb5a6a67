namespace PromoScaler.Core.Policies.Hosting;

/// <summary>
/// <c>spec.hostedBy</c> and <c>spec.podsPerNode</c> of a pod policy: the VM group policy whose nodes run its pods.
/// </summary>
/// <param name="Policy">The VM group policy's <c>metadata.name</c>, in the same load (policy directory).</param>
/// <param name="PodsPerNode">How many of this policy's pods one node of that group runs, at least 1.</param>
public sealed record HostingLink(string Policy, int PodsPerNode)
{
    /// <summary>The nodes <paramref name="pods"/> pods need: <c>ceil(pods / podsPerNode)</c> (0 for none).</summary>
    public int NodesFor(int pods) => NodesFor(pods, PodsPerNode);

    /// <summary><c>ceil(pods / podsPerNode)</c> in integer arithmetic; a negative count needs no node.</summary>
    public static int NodesFor(int pods, int podsPerNode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(podsPerNode, 1);
        return pods <= 0 ? 0 : (int)(((long)pods + podsPerNode - 1) / podsPerNode);
    }
}
