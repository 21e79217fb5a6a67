using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace PromoScaler.Cloud.Tests.Infrastructure;

/// <summary>
/// What the loopback fakes of both providers share: their groups, the calls they saw, injected error codes per
/// action and latency, and reading a request's body and headers (after the injected delay) for the signature check.
/// </summary>
internal abstract class FakeCloudEndpoint : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private int _received;

    protected FakeCloudEndpoint(LoopbackServer server, TimeProvider clock, string region)
    {
        _server = server;
        Clock = clock;
        Region = region;
    }

    public string Region { get; }

    public Uri Url => _server.Url;

    public ConcurrentDictionary<string, FakeGroup> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Error codes to answer, in order, per action.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> InjectedErrors { get; } = new(StringComparer.Ordinal);

    public TimeSpan Latency { get; set; }

    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    public int Received => Volatile.Read(ref _received);

    /// <summary>The server's idea of now (for the signature's age).</summary>
    protected TimeProvider Clock { get; }

    public void Inject(string action, params string[] codes)
    {
        var queue = InjectedErrors.GetOrAdd(action, _ => new ConcurrentQueue<string>());
        foreach (var code in codes)
        {
            queue.Enqueue(code);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Counts the request, waits the injected latency, and returns its body bytes and lower-cased headers.</summary>
    protected async Task<(byte[] Body, Dictionary<string, string> Headers)> ReadRequestAsync(HttpContext context)
    {
        Interlocked.Increment(ref _received);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, TimeProvider.System, context.RequestAborted);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        return (buffer.ToArray(), headers);
    }
}
