namespace PromoScaler.Backtest.Reports;

/// <summary>Where a backtest's figures come from (summary.json <c>provenance</c>).</summary>
/// <param name="ToolVersion">The promoscaler version.</param>
/// <param name="PolicyFile">The policy file as given.</param>
/// <param name="PolicySha256">SHA-256 of the policy file, lowercase hex.</param>
/// <param name="TraceFile">The trace file as given; null when the trace came from Prometheus.</param>
/// <param name="TraceSha256">SHA-256 of the trace file, lowercase hex; null when the trace came from Prometheus.</param>
/// <param name="Flags">Every flag with the value in force (defaults included).</param>
/// <param name="Prometheus">The range queries the trace came from; null for a trace file.</param>
public sealed record Provenance(
    string ToolVersion,
    string PolicyFile,
    string PolicySha256,
    string? TraceFile,
    string? TraceSha256,
    IReadOnlyList<KeyValuePair<string, string?>> Flags,
    PrometheusProvenance? Prometheus = null);

/// <summary>The Prometheus range queries a backtest's trace came from.</summary>
/// <param name="Url">The Prometheus every metric's source pointed at.</param>
/// <param name="Start">First evaluation instant (the prediction history before <c>--from</c> included).</param>
/// <param name="End">Last evaluation instant.</param>
/// <param name="Step">The evaluation step.</param>
/// <param name="Queries">Each metric's PromQL, in policy order.</param>
public sealed record PrometheusProvenance(
    Uri Url,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan Step,
    IReadOnlyList<KeyValuePair<string, string>> Queries);
