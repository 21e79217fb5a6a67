namespace PromoScaler.Kubernetes.ApiServer.Faults;

/// <summary>
/// A fault to inject on the requests it matches: an added latency, then either a failure status (answered with the
/// <c>Status</c> body the real server would send), a dropped connection, or the normal answer.
/// </summary>
public sealed record FaultRule
{
    /// <summary>The HTTP method matched (<c>PATCH</c>); null for any.</summary>
    public string? Method { get; init; }

    /// <summary>The request path matched, exactly, or by prefix when it ends with <c>*</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The status to answer instead of serving (403, 404, 409, 429, 500, 503, ...); null to serve normally.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Waited (on the system clock, as network latency is) before answering; cut short when the client goes away.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Drop the connection without an answer (the client sees a transport error).</summary>
    public bool Abort { get; init; }

    /// <summary>The <c>Retry-After</c> seconds sent with a 429 (and 503). Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How many matching requests the fault applies to; null for all of them.</summary>
    public int? Times { get; init; }

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Path.EndsWith('*') ? path.StartsWith(Path[..^1], StringComparison.Ordinal) : path == Path);
}
