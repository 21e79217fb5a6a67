using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PromoScaler.Prometheus.Tests.Infrastructure;

/// <summary>What the stub received: header lines (lower-cased names) and the form body.</summary>
internal sealed record StubRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A tiny HTTP/1.1 endpoint on 127.0.0.1 that counts requests and answers as <see cref="Respond"/> says, e.g. only
/// after a gate opens (a slow Prometheus). One request per connection. Given a server certificate, it speaks HTTPS
/// (an <see cref="SslStream"/> over each accepted connection).
/// </summary>
internal sealed class StubPrometheusEndpoint : IAsyncDisposable
{
    /// <summary>A one-series vector with value 7.</summary>
    public const string SevenBody = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1731283200,"7"]}]}}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _acceptLoop;
    private readonly SslStreamCertificateContext? _tls;
    private int _count;

    /// <summary>
    /// Starts listening on a free port; with <paramref name="serverCertificate"/> (which must hold its key) over TLS,
    /// presenting <paramref name="intermediates"/> after it as the chain.
    /// </summary>
    public StubPrometheusEndpoint(X509Certificate2? serverCertificate = null, X509Certificate2Collection? intermediates = null)
    {
        if (serverCertificate is not null)
        {
            _tls = SslStreamCertificateContext.Create(serverCertificate, intermediates ?? [], offline: true);
        }

        _listener.Start();
        var scheme = _tls is null ? "http" : "https";
        Url = new Uri($"{scheme}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri Url { get; }

    public int RequestCount => Volatile.Read(ref _count);

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    /// <summary>The answer (status, JSON body) to a request; default: 200 with <see cref="SevenBody"/>.</summary>
    public Func<StubRequest, Task<(int Status, string Body)>> Respond { get; set; } = _ => Task.FromResult((200, SevenBody));

    /// <summary>Waits (real time, bounded) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (RequestCount < count)
        {
            var left = TimeSpan.FromSeconds(10) - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"expected {count} requests, got {RequestCount}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var stream = await OpenAsync(client.GetStream());
                if (stream is null)
                {
                    return;
                }

                var request = await ReadRequestAsync(stream);
                Requests.Enqueue(request);
                Interlocked.Increment(ref _count);
                _arrived.Release();
                var (status, body) = await Respond(request);
                var payload = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(payload);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The client gave up (timeout): that is the point of a slow endpoint.
            }
        }
    }

    /// <summary>The plain stream, or an authenticated TLS stream over it; null when the handshake failed.</summary>
    private async Task<Stream?> OpenAsync(NetworkStream network)
    {
        if (_tls is null)
        {
            return network;
        }

        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _tls }, _stop.Token);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // The client did not trust the certificate: no request follows.
            await tls.DisposeAsync();
            return null;
        }
    }

    private static async Task<StubRequest> ReadRequestAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed before the request head ended");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return new StubRequest(lines[0], headers, Encoding.UTF8.GetString(body));
    }
}
