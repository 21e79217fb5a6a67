using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Core.Policies;

/// <summary>One <c>ScalingPolicy</c> document, validated. Immutable.</summary>
/// <param name="Metadata">Name and labels.</param>
/// <param name="Spec">What to scale, on which signals, inside which guardrails.</param>
/// <param name="Origin">Where the document was read from, for messages.</param>
public sealed record ScalingPolicy(PolicyMetadata Metadata, PolicySpec Spec, SourceLocation Origin)
{
    /// <summary>The policy's name (<c>metadata.name</c>).</summary>
    public string Name => Metadata.Name;
}

/// <summary><c>metadata</c>: a DNS-1123 label name and optional labels.</summary>
public sealed record PolicyMetadata(string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>A position in a policy file (1-based line and column; line 0 means the file as a whole).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Line == 0 ? File : $"{File}:{Line}:{Column}";
}

/// <summary><c>spec</c> of a <see cref="ScalingPolicy"/>.</summary>
/// <param name="Target">The workload the policy scales.</param>
/// <param name="Interval">Evaluation period, 5s..10m. Default 15s.</param>
/// <param name="Startup">Time from "scale up" until the new capacity serves traffic. Default 0s.</param>
/// <param name="Metrics">One or more metrics; the largest proposal wins.</param>
/// <param name="Prediction">Optional forecasting; null means reactive only.</param>
/// <param name="Prewarm">Known sale starts.</param>
/// <param name="Guardrails">Limits applied after the proposals.</param>
/// <param name="DryRun">Decide, record and explain; never write.</param>
public sealed record PolicySpec(
    TargetRef Target,
    TimeSpan Interval,
    TimeSpan Startup,
    IReadOnlyList<MetricSpec> Metrics,
    PredictionSpec? Prediction,
    IReadOnlyList<PrewarmWindow> Prewarm,
    Guardrails Guardrails,
    bool DryRun)
{
    /// <summary><c>spec.sizing</c>: how a metric value becomes a count. Default target mode (HPA's rule).</summary>
    public SizingSpec Sizing { get; init; } = SizingSpec.Default;

    /// <summary>
    /// <c>spec.hostedBy</c> + <c>spec.podsPerNode</c>: the VM group policy whose nodes run this policy's pods. Null
    /// (the default) for a policy that is not hosted, and always for a VM group.
    /// </summary>
    public HostingLink? HostedBy { get; init; }

    /// <summary>
    /// On a VM group policy: the node pre-warms derived from the pod policies it hosts
    /// (<see cref="HostingCatalog.Link"/>; never read from YAML). Empty by default.
    /// </summary>
    public IReadOnlyList<HostedPrewarm> HostedPrewarm { get; init; } = [];
}
