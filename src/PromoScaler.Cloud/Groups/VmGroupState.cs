namespace PromoScaler.Cloud.Groups;

/// <summary>What a provider reports about one auto scaling group, in the terms both providers share.</summary>
/// <param name="Desired">The group's desired capacity: the target's <c>current</c>.</param>
/// <param name="MinSize">The group's lower bound; a desired capacity below it is clipped.</param>
/// <param name="MaxSize">The group's upper bound; a desired capacity above it is clipped.</param>
/// <param name="Instances">Instances in the group in any state.</param>
/// <param name="InService">Instances serving (Tencent <c>InServiceInstanceCount</c>, AWS instances <c>InService</c>).</param>
/// <param name="CannotAct">Why the group cannot scale now (disabled, abnormal, being deleted), or null.</param>
/// <param name="Facts">The provider's own fields, shown in the explanation.</param>
internal sealed record VmGroupState(
    int Desired,
    int MinSize,
    int MaxSize,
    int? Instances,
    int? InService,
    string? CannotAct,
    IReadOnlyDictionary<string, string> Facts);

/// <summary>A group's description, or the reply that explains why there is none.</summary>
internal sealed record VmGroupDescription(Resilience.CloudReply Reply, VmGroupState? State);

/// <summary>The two calls a VM group target needs, each already run under its resilience pipeline.</summary>
internal interface IVmGroupApi
{
    ValueTask<VmGroupDescription> DescribeAsync(CancellationToken cancellationToken);

    ValueTask<Resilience.CloudReply> SetDesiredCapacityAsync(int desired, CancellationToken cancellationToken);
}
