using System.Net;
using System.Net.Sockets;
using PromoScaler.Admin.Ports;

namespace PromoScaler.Testing.Admin;

/// <summary>
/// Who writes each policy, as a test sets it: this replica (the default, nothing forwarded), or <c>replica-b</c>
/// behind a local port that never answers or answers bytes that are not HTTP.
/// </summary>
public sealed class FakePolicyWriters : IPolicyWriters, IAsyncDisposable
{
    private readonly List<IDisposable> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private WriterLocation? _location;
    private int _disposed;

    public string? Self { get; private set; }

    public WriterLocation? Elsewhere(string policy) => _location;

    /// <summary>
    /// Every policy is held by <c>replica-b</c>, whose admin API accepts the connection and then sends
    /// <paramref name="answer"/> and closes, or (null) never answers.
    /// </summary>
    public void HeldElsewhere(byte[]? answer)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _open.Add(listener.Server);
        Self = "replica-a";
        _location = new WriterLocation("replica-b", new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"), "shard 1 is held by replica-b");
        _ = AnswerAsync(listener, answer);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // registered under two types, so disposed twice
        }

        await _stop.CancelAsync();
        foreach (var open in _open)
        {
            open.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AnswerAsync(TcpListener listener, byte[]? answer)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(_stop.Token);
                _open.Add(client);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[4096], _stop.Token);
                if (answer is not null)
                {
                    await stream.WriteAsync(answer, _stop.Token);
                    client.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Stopped with the host.
        }
    }
}
