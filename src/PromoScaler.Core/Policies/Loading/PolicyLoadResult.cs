namespace PromoScaler.Core.Policies.Loading;

/// <summary>The outcome of loading files: all policies, or none (any error) with every diagnostic.</summary>
public sealed record PolicyLoadResult(IReadOnlyList<ScalingPolicy> Policies, IReadOnlyList<PolicyDiagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<PolicyDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<PolicyDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}
