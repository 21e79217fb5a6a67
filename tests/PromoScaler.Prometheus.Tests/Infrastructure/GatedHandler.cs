namespace PromoScaler.Prometheus.Tests.Infrastructure;

/// <summary>
/// Counts the HTTP requests the source sends and, while closed, holds them before they reach Prometheus, so a test
/// can have several reads in flight at once.
/// </summary>
internal sealed class GatedHandler : DelegatingHandler
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _arrived = new(0);
    private int _count;

    public GatedHandler(bool open = true)
    {
        if (open)
        {
            Open();
        }
    }

    public int Count => Volatile.Read(ref _count);

    public void Open() => _open.TrySetResult();

    /// <summary>Waits (real time, bounded) until <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForAsync(int count)
    {
        for (var seen = 0; seen < count; seen++)
        {
            Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(10)), $"only {seen} of {count} requests arrived");
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        _arrived.Release();
        await _open.Task.WaitAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _arrived.Dispose();
        }

        base.Dispose(disposing);
    }
}
