using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Leadership;

/// <summary>
/// Leader election on a Kubernetes Lease with KubernetesClient's <see cref="LeaderElector"/> and <see cref="LeaseLock"/>:
/// while this replica holds the lease it writes targets and state; otherwise it evaluates and serves reads. Unknown
/// (nothing observed yet, the API unreachable) counts as not leading. On shutdown a held lease is released, so a
/// follower takes over at its next retry instead of waiting out the lease.
/// <para>
/// The elector's flag is a belief, refreshed by its own timers: a process frozen past its lease (SIGSTOP, a node
/// freeze, a long GC pause) wakes up still believing it leads. So <see cref="MayWrite"/> does not read the flag alone:
/// it also asks how long ago, on the monotonic clock the elector's timers run on (the system's, whatever clock the
/// daemon decides on), this replica last renewed the lease, and refuses past <c>RenewDeadline</c>. Another replica can
/// take the lease only <c>LeaseDuration</c> after it saw that renewal, so the margin between the two covers a write
/// already sent.
/// </para>
/// </summary>
internal sealed class LeaseLeadership : BackgroundService, ILeadership
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly DaemonMetrics _metrics;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaseLeadership> _logger;
    private readonly RenewalTrackingLock _lock;
    private volatile bool _known;
    private volatile bool _leading;
    private volatile string? _holder;
    private int _term;

    /// <summary>The key of the clock leases are measured on: the system's monotonic clock unless a test replaces it.</summary>
    public const string LeaseClock = "lease";

    public LeaseLeadership(
        IKubernetes client,
        IOptions<LeaderElectionOptions> options,
        DaemonMetrics metrics,
        DaemonReadiness readiness,
        TimeProvider time,
        [FromKeyedServices(LeaseClock)] TimeProvider leaseClock,
        ILogger<LeaseLeadership> logger)
    {
        _client = client;
        _options = options.Value;
        _metrics = metrics;
        _readiness = readiness;
        _time = time;
        _logger = logger;
        Identity = _options.Identity ?? Environment.MachineName;
        Namespace = _options.Namespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        _lock = new RenewalTrackingLock(new LeaseLock(_client, Namespace, _options.LeaseName, Identity), leaseClock);
        _lock.Acquired += () => Interlocked.Increment(ref _term);
    }

    /// <summary>This replica's name in the Lease.</summary>
    public string Identity { get; }

    /// <summary>The Lease's namespace.</summary>
    public string Namespace { get; }

    public bool? IsLeader => _known ? _leading : null;

    public int Term => Volatile.Read(ref _term);

    public string? Holder => _holder;

    public bool MayWrite([NotNullWhen(false)] out string? refusal)
    {
        if (!_leading)
        {
            refusal = _holder is { Length: > 0 } holder && holder != Identity
                ? $"this replica is not the leader ({holder} is)"
                : "this replica is not the leader";
            return false;
        }

        if (_lock.SinceRenewal is not { } since)
        {
            refusal = "this replica has not renewed its lease since its term ended";
            return false;
        }

        if (since >= _options.RenewDeadline)
        {
            refusal = $"this replica last renewed its lease {since.TotalSeconds:0.0}s ago, beyond the {_options.RenewDeadline.TotalSeconds:0.#}s renew deadline: it may have been deposed";
            return false;
        }

        refusal = null;
        return true;
    }

    public void EndTerm(string reason)
    {
        _lock.Forget();
        Log.TermEnded(_logger, Identity, reason);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var elector = new LeaderElector(new LeaderElectionConfig(_lock)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });
        elector.OnStartedLeading += () => Changed(leading: true);
        elector.OnStoppedLeading += () => Changed(leading: false);
        elector.OnNewLeader += holder =>
        {
            _holder = holder;
            if (!string.Equals(holder, Identity, StringComparison.Ordinal))
            {
                Changed(leading: false);
            }
        };
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var wasLeading = _leading;
        await base.StopAsync(cancellationToken);
        _leading = false;
        _metrics.SetLeader(false);
        if (wasLeading)
        {
            await ReleaseAsync(cancellationToken);
        }
    }

    /// <summary>Gives the lease up as client-go's ReleaseOnCancel does: no holder, a one-second duration.</summary>
    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var record = await _lock.GetAsync(cancellationToken);
            if (record is null)
            {
                return;
            }

            if (!string.Equals(record.HolderIdentity, Identity, StringComparison.Ordinal))
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            await _lock.UpdateAsync(
                new LeaderElectionRecord { HolderIdentity = "", LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now, LeaderTransitions = record.LeaderTransitions },
                cancellationToken);
            Log.LeadershipChanged(_logger, Identity, "released");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease then expires on its own after its duration.
            Log.LeaseReleaseFailed(_logger, ex.Message);
        }
    }

    private void Changed(bool leading)
    {
        var before = (_known, _leading);
        _leading = leading;
        _known = true;
        _metrics.SetLeader(leading);
        _readiness.SetLeadershipKnown(true);
        if (before != (true, leading))
        {
            Log.LeadershipChanged(_logger, Identity, leading ? "leader" : "follower");
        }
    }
}
