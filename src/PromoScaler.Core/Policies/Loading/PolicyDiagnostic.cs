namespace PromoScaler.Core.Policies.Loading;

/// <summary>Error or warning.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>One problem in a policy file: <c>file:line:col field.path: message</c>.</summary>
/// <param name="Severity">Errors make the load fail; warnings do not (unless strict).</param>
/// <param name="Location">Where, 1-based.</param>
/// <param name="Path">The field path, e.g. <c>spec.guardrails.tolerance</c> or <c>spec.metrics[0].name</c>.</param>
/// <param name="Message">What is wrong and, where it helps, how to fix it.</param>
public sealed record PolicyDiagnostic(DiagnosticSeverity Severity, SourceLocation Location, string Path, string Message)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Path) ? $"{Location}: {Message}" : $"{Location} {Path}: {Message}";
}
