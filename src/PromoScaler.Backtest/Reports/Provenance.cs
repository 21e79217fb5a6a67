namespace PromoScaler.Backtest.Reports;

/// <summary>Where a backtest's figures come from (summary.json <c>provenance</c>).</summary>
/// <param name="ToolVersion">The promoscaler version.</param>
/// <param name="PolicyFile">The policy file as given.</param>
/// <param name="PolicySha256">SHA-256 of the policy file, lowercase hex.</param>
/// <param name="TraceFile">The trace file as given.</param>
/// <param name="TraceSha256">SHA-256 of the trace file, lowercase hex.</param>
/// <param name="Flags">Every flag with the value in force (defaults included).</param>
public sealed record Provenance(
    string ToolVersion,
    string PolicyFile,
    string PolicySha256,
    string TraceFile,
    string TraceSha256,
    IReadOnlyList<KeyValuePair<string, string?>> Flags);
