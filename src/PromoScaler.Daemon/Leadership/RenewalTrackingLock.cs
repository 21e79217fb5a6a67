using k8s.LeaderElection;

namespace PromoScaler.Daemon.Leadership;

/// <summary>
/// The Lease lock as <see cref="LeaderElector"/> uses it, remembering on a monotonic clock when this replica last
/// wrote the lease successfully as its holder. The instant kept is the one before the request was sent: the server
/// recorded the renewal later than that, so the lease is valid at least until then plus its duration. A successful
/// write that takes the lease over from another holder (or from nobody) starts a new term.
/// </summary>
internal sealed class RenewalTrackingLock(ILock inner, TimeProvider monotonic) : ILock
{
    private readonly Lock _gate = new();
    private long? _renewedAt;
    private string? _lastSeenHolder;
    private int _acquisitions;

    public string Identity => inner.Identity;

    /// <summary>Raised after a write that made this replica the holder when it was not (a new term).</summary>
    public event Action? Acquired;

    /// <summary>Monotonic time since the last successful renewal; null before the first.</summary>
    public TimeSpan? SinceRenewal
    {
        get
        {
            lock (_gate)
            {
                return _renewedAt is { } at ? monotonic.GetElapsedTime(at) : null;
            }
        }
    }

    /// <summary>How many times this replica took the lease.</summary>
    public int Acquisitions => Volatile.Read(ref _acquisitions);

    /// <summary>Forgets the last renewal: nothing is written until the next one succeeds.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _renewedAt = null;
            _lastSeenHolder = null;
        }
    }

    public string Describe() => inner.Describe();

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        var record = await inner.GetAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _lastSeenHolder = record?.HolderIdentity;
        }

        return record!;
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        TrackAsync(record, () => inner.CreateAsync(record, cancellationToken), taken: true);

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        TrackAsync(record, () => inner.UpdateAsync(record, cancellationToken), taken: false);

    private async Task<bool> TrackAsync(LeaderElectionRecord record, Func<Task<bool>> write, bool taken)
    {
        var sent = monotonic.GetTimestamp();
        var written = await write().ConfigureAwait(false);
        if (!written || !string.Equals(record.HolderIdentity, Identity, StringComparison.Ordinal))
        {
            if (written)
            {
                Forget(); // released: no longer the holder
            }

            return written;
        }

        bool acquired;
        lock (_gate)
        {
            acquired = taken || !string.Equals(_lastSeenHolder, Identity, StringComparison.Ordinal);
            _renewedAt = sent;
            _lastSeenHolder = Identity;
        }

        if (acquired)
        {
            Interlocked.Increment(ref _acquisitions);
            Acquired?.Invoke();
        }

        return true;
    }
}
