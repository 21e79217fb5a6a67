using System.Collections.Concurrent;

namespace PromoScaler.Kubernetes.ApiServer.Diagnostics;

/// <summary>Every request the server answered, in order, for assertions.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    /// <summary>The requests so far.</summary>
    public IReadOnlyList<RecordedRequest> All => requests.ToArray();

    /// <summary>The requests with <paramref name="method"/> on <paramref name="path"/> (exact, or a prefix ending in <c>*</c>).</summary>
    public IReadOnlyList<RecordedRequest> Matching(string method, string path) =>
        requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
            && (path.EndsWith('*') ? r.Path.StartsWith(path[..^1], StringComparison.Ordinal) : r.Path == path)).ToArray();

    /// <summary>Forgets what was recorded.</summary>
    public void Clear() => requests.Clear();

    internal void Add(RecordedRequest request) => requests.Enqueue(request);
}

/// <summary>One answered request.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string, with its <c>?</c>, or empty.</param>
/// <param name="ContentType">The request's content type (tells a merge patch from a JSON patch).</param>
/// <param name="Body">The request body as text.</param>
/// <param name="StatusCode">The status answered; 0 when the connection was dropped.</param>
/// <param name="At">When it was answered, on the server's clock.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body, int StatusCode, DateTimeOffset At);
