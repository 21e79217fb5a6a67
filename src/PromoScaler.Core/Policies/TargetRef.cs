namespace PromoScaler.Core.Policies;

/// <summary>The kinds of object a policy can scale.</summary>
public enum TargetKind
{
    Deployment,
    StatefulSet,
    /// <summary>Any object with a <c>/scale</c> subresource (needs apiVersion and resource).</summary>
    Scale,
    /// <summary>PromoScaler writes the HPA's <c>spec.minReplicas</c> as a floor.</summary>
    HorizontalPodAutoscaler,
    /// <summary>A Tencent Cloud Auto Scaling group: PromoScaler writes its desired capacity (needs <see cref="TargetRef.Group"/>).</summary>
    TencentCloudAutoScalingGroup,
    /// <summary>An AWS EC2 Auto Scaling group: PromoScaler writes its desired capacity (needs <see cref="TargetRef.Group"/>).</summary>
    AwsAutoScalingGroup,
}

/// <summary><c>spec.target</c>.</summary>
/// <remarks>For a VM group, <see cref="Namespace"/> is its region and <see cref="Name"/> its ID or name, so the key and the display read naturally.</remarks>
public sealed record TargetRef(
    TargetKind Kind, string Namespace, string Name, string? ApiVersion = null, string? Resource = null, VmGroupRef? Group = null)
{
    /// <summary>A VM group target; <see cref="Namespace"/> and <see cref="Name"/> are its region and group.</summary>
    public static TargetRef ForGroup(TargetKind kind, VmGroupRef group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new TargetRef(kind, group.Region, group.Group, Group: group);
    }

    /// <summary>True for the cloud VM group kinds.</summary>
    public bool IsVmGroup => Kind is TargetKind.TencentCloudAutoScalingGroup or TargetKind.AwsAutoScalingGroup;

    /// <summary>A stable identity used to detect two policies on one target.</summary>
    public string Key => Kind switch
    {
        TargetKind.Scale => $"{ApiVersion}/{Resource}/{Namespace}/{Name}",
        _ => $"{Kind}/{Namespace}/{Name}",
    };

    public override string ToString() => Kind == TargetKind.Scale
        ? $"{Resource}.{ApiVersion} {Namespace}/{Name}"
        : $"{Kind} {Namespace}/{Name}";
}
