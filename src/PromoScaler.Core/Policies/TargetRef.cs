namespace PromoScaler.Core.Policies;

/// <summary>
/// The kind of object a policy scales, by its <c>spec.target.kind</c> name. Kubernetes' own kinds are here; the kinds
/// of other platforms (cloud VM groups) are registered by their adapters (<see cref="TargetKinds.Register"/>), so a new
/// one needs no change here.
/// </summary>
public readonly record struct TargetKind
{
    public TargetKind(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name as a policy writes it.</summary>
    public string Name { get; }

    public static TargetKind Deployment { get; } = new("Deployment");

    public static TargetKind StatefulSet { get; } = new("StatefulSet");

    /// <summary>Any object with a <c>/scale</c> subresource (needs apiVersion and resource).</summary>
    public static TargetKind Scale { get; } = new("Scale");

    /// <summary>PromoScaler writes the HPA's <c>spec.minReplicas</c> as a floor.</summary>
    public static TargetKind HorizontalPodAutoscaler { get; } = new("HorizontalPodAutoscaler");

    /// <summary>Kubernetes' own kinds, in the order messages list them.</summary>
    public static IReadOnlyList<TargetKind> Kubernetes { get; } = [Deployment, StatefulSet, Scale, HorizontalPodAutoscaler];

    public override string ToString() => Name;
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

    /// <summary>True for a cloud VM group (a kind an adapter registered), which scales nodes, not pods.</summary>
    public bool IsVmGroup => Group is not null;

    /// <summary>A stable identity used to detect two policies on one target.</summary>
    public string Key => Kind == TargetKind.Scale
        ? $"{ApiVersion}/{Resource}/{Namespace}/{Name}"
        : $"{Kind}/{Namespace}/{Name}";

    public override string ToString() => Kind == TargetKind.Scale
        ? $"{Resource}.{ApiVersion} {Namespace}/{Name}"
        : $"{Kind} {Namespace}/{Name}";
}
