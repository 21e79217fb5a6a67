using System.Net;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using PromoScaler.Daemon.Leadership;

namespace PromoScaler.Daemon.Sharding;

/// <summary>
/// One Lease taken, renewed and given up as client-go's elector does, but one step at a time so a caller can decide
/// which of many Leases to hold. Expiry is judged as the elector judges it: a record unchanged for a lease duration on
/// this replica's monotonic clock, never by comparing another machine's timestamps. Writes go through a
/// <see cref="RenewalTrackingLock"/>, so <see cref="Certain"/> answers as the single leader's write check does.
/// </summary>
internal sealed class LeaseSlot
{
    private readonly RenewalTrackingLock _lock;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _renewDeadline;
    private readonly AdvertisingLeaseLock? _advertising;
    private LeaderElectionRecord? _observed;
    private long _observedAt;

    /// <summary>A slot on the Lease <paramref name="name"/>; for a member Lease, <paramref name="advertise"/> gives the admin URL written with the holder.</summary>
    public LeaseSlot(IKubernetes client, string ns, string name, string identity, TimeProvider monotonic, TimeSpan duration, TimeSpan renewDeadline, Func<string?>? advertise = null)
    {
        Name = name;
        _clock = monotonic;
        _duration = duration;
        _renewDeadline = renewDeadline;
        _advertising = advertise is null ? null : new AdvertisingLeaseLock(client, ns, name, identity, advertise);
        _lock = new RenewalTrackingLock(_advertising ?? new LeaseLock(client, ns, name, identity), monotonic);
    }

    /// <summary>The Lease's name.</summary>
    public string Name { get; }

    /// <summary>How many times this replica took the Lease.</summary>
    public int Acquisitions => _lock.Acquisitions;

    /// <summary>The holder last seen (this replica's identity included); null when free, expired or unknown.</summary>
    public string? Holder { get; private set; }

    /// <summary>The admin URL the holder advertised on this Lease; null when it has none or no holder is known.</summary>
    public Uri? AdvertisedUrl => Holder is null ? null : _advertising?.Advertised;

    /// <summary>True while this replica renewed the Lease within the renew deadline: it may act on what the Lease guards.</summary>
    public bool Certain => _lock.SinceRenewal is { } since && since < _renewDeadline;

    /// <summary>True when the last observation found the Lease held by this replica.</summary>
    public bool Mine => string.Equals(Holder, _lock.Identity, StringComparison.Ordinal);

    /// <summary>Reads the Lease; false when it could not be read (the API unreachable): nothing is then known.</summary>
    public async Task<bool> ObserveAsync(CancellationToken cancellationToken)
    {
        LeaderElectionRecord? record;
        try
        {
            record = await _lock.GetAsync(cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            record = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Holder = null;
            return false;
        }

        if (_observed is null || record is null || !Same(_observed, record))
        {
            _observed = record;
            _observedAt = _clock.GetTimestamp();
        }

        Holder = record is { HolderIdentity: { Length: > 0 } holder } && (holder == _lock.Identity || !Expired(record)) ? holder : null;
        return true;
    }

    /// <summary>Takes the Lease when it is free or expired, or renews it when this replica holds it; true when written.</summary>
    public async Task<bool> AcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        if (Holder is not null && !Mine)
        {
            return false;
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        var seconds = (int)Math.Ceiling(_duration.TotalSeconds);
        try
        {
            if (_observed is null)
            {
                var created = await _lock.CreateAsync(
                    new LeaderElectionRecord { HolderIdentity = _lock.Identity, LeaseDurationSeconds = seconds, AcquireTime = now, RenewTime = now },
                    cancellationToken);
                if (created)
                {
                    Holder = _lock.Identity;
                }

                return created;
            }

            var renewing = string.Equals(_observed.HolderIdentity, _lock.Identity, StringComparison.Ordinal);
            var written = await _lock.UpdateAsync(
                new LeaderElectionRecord
                {
                    HolderIdentity = _lock.Identity,
                    LeaseDurationSeconds = seconds,
                    AcquireTime = renewing ? _observed.AcquireTime : now,
                    RenewTime = now,
                    LeaderTransitions = renewing ? _observed.LeaderTransitions : _observed.LeaderTransitions + 1,
                },
                cancellationToken);
            if (written)
            {
                Holder = _lock.Identity;
            }

            return written;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Gives the Lease up (no holder, one second), after which this replica writes nothing it guards.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        _lock.Forget(); // stop acting first: the release may be answered late or not at all
        if (_observed is null || !Mine)
        {
            return;
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        try
        {
            await _lock.UpdateAsync(
                new LeaderElectionRecord { HolderIdentity = "", LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now, LeaderTransitions = _observed.LeaderTransitions },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The Lease then expires on its own after its duration.
        }

        Holder = null;
    }

    /// <summary>Forgets the last renewal: nothing guarded is written until the next one succeeds.</summary>
    public void Forget() => _lock.Forget();

    private bool Expired(LeaderElectionRecord record) =>
        _clock.GetElapsedTime(_observedAt) >= TimeSpan.FromSeconds(Math.Max(1, record.LeaseDurationSeconds));

    private static bool Same(LeaderElectionRecord a, LeaderElectionRecord b) =>
        string.Equals(a.HolderIdentity, b.HolderIdentity, StringComparison.Ordinal) && a.RenewTime == b.RenewTime
        && a.LeaderTransitions == b.LeaderTransitions && a.LeaseDurationSeconds == b.LeaseDurationSeconds;
}
