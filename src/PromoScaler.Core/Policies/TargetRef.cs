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
}

/// <summary><c>spec.target</c>.</summary>
public sealed record TargetRef(TargetKind Kind, string Namespace, string Name, string? ApiVersion = null, string? Resource = null)
{
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
