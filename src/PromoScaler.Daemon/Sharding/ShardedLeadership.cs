using System.Diagnostics.CodeAnalysis;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Telemetry;
using Prometheus;

namespace PromoScaler.Daemon.Sharding;

/// <summary>
/// Leadership per shard: policies are hashed to <c>Shards</c> shards (<see cref="ShardMap"/>), each held by one
/// replica through its own Lease (<c>LeaseName-shard-i</c>), taken and renewed as the single leader's Lease is (same
/// timings, same renew-deadline check before every write). Replicas make themselves known through member Leases
/// (<c>LeaseName-member-k</c>, holder <c>identity/shards</c>), so each takes at most its fair share
/// (<c>ceil(shards / members)</c>) and one over its share gives a shard up while another member is under.
/// A replica that stops renewing (stopped, frozen, partitioned) stops writing at the renew deadline; the others take
/// its shards when its Leases have not changed for a lease duration. Replicas configured with different shard
/// counts never hold shards together: while a live member announces another count, no one takes a new shard, so
/// no policy has two writers during a change of the count (the new count takes over when the old replicas are gone).
/// </summary>
internal sealed partial class ShardedLeadership : BackgroundService, ILeadership, IShardOwnership
{
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _clock;
    private readonly DaemonReadiness _readiness;
    private readonly DaemonMetrics _metrics;
    private readonly ILogger<ShardedLeadership> _logger;
    private readonly LeaseSlot[] _shards;
    private readonly LeaseSlot[] _members;
    private readonly Gauge _held;
    private readonly Gauge _holders;
    private volatile bool _known;
    private volatile bool _agreed = true;
    private volatile int _live = 1;

    public ShardedLeadership(
        IKubernetes client,
        IOptions<LeaderElectionOptions> options,
        DaemonMetrics metrics,
        IMetricFactory factory,
        DaemonReadiness readiness,
        [FromKeyedServices(LeaseLeadership.LeaseClock)] TimeProvider leaseClock,
        AdminAdvertisement advertisement,
        ILogger<ShardedLeadership> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(advertisement);
        _options = options.Value;
        _clock = leaseClock;
        _readiness = readiness;
        _metrics = metrics;
        _logger = logger;
        Identity = _options.Identity ?? Environment.MachineName;
        var ns = _options.Namespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        Shards = _options.Shards;
        _shards = [.. Enumerable.Range(0, Shards).Select(i => Slot(client, ns, ShardLeaseName(_options.LeaseName, i), Identity))];
        _members = [.. Enumerable.Range(0, _options.MaxReplicas).Select(k => Slot(client, ns, $"{_options.LeaseName}-member-{k}", $"{Identity}/{Shards}", advertisement.Url))];
        _held = factory.CreateGauge("promoscaler_shard_held", "1 for each shard this replica holds (and may write), 0 for the others.", ["shard"]);
        _holders = factory.CreateGauge("promoscaler_shard_holder", "1 for each shard with the replica this replica saw holding it.", ["shard", "holder"]);
    }

    /// <summary>This replica's name in the Leases.</summary>
    public string Identity { get; }

    /// <summary>The number of shards.</summary>
    public int Shards { get; }

    /// <summary>The Lease name of shard <paramref name="shard"/>.</summary>
    public static string ShardLeaseName(string leaseName, int shard) => $"{leaseName}-shard-{shard}";

    public bool? IsLeader => _known ? _shards.Any(s => s.Mine) : null;

    public int Term => _shards.Sum(s => s.Acquisitions);

    public bool MayWrite([NotNullWhen(false)] out string? refusal)
    {
        if (_shards.Any(s => s.Certain))
        {
            refusal = null;
            return true;
        }

        refusal = "this replica holds no shard with a lease renewed within the renew deadline";
        return false;
    }

    public bool MayWrite(string policy, [NotNullWhen(false)] out string? refusal) => MayWriteShard(ShardMap.ShardOf(policy, Shards), out refusal);

    public bool Evaluates(string policy) => _shards[ShardMap.ShardOf(policy, Shards)].Mine;

    public ulong Holding
    {
        get
        {
            var mask = 0UL;
            for (var i = 0; i < Shards; i++)
            {
                mask |= _shards[i].Mine ? 1UL << i : 0;
            }

            return mask;
        }
    }

    public string? HolderOf(string policy) => _shards[ShardMap.ShardOf(policy, Shards)].Holder;

    /// <summary>Whether this replica may write what shard <paramref name="shard"/> guards (its targets, its state document).</summary>
    public bool MayWriteShard(int shard, [NotNullWhen(false)] out string? refusal)
    {
        var slot = _shards[shard];
        if (slot.Certain)
        {
            refusal = null;
            return true;
        }

        refusal = slot.Holder is { } holder && !slot.Mine
            ? $"shard {shard} is held by {holder}, not by this replica"
            : slot.Mine
                ? $"this replica has not renewed the lease of shard {shard} within the {_options.RenewDeadline.TotalSeconds:0.#}s renew deadline: it may have been deposed"
                : $"shard {shard} has no holder yet";
        return false;
    }

    /// <summary>Who holds each shard as last seen (null: none), for status.</summary>
    public IReadOnlyList<string?> Holders() => [.. _shards.Select(s => s.Holder)];

    /// <summary>
    /// Where the admin API of the replica named <paramref name="identity"/> answers, as it advertised it on its member
    /// Lease; null when it is not a live member or advertised none.
    /// </summary>
    public Uri? AdminUrlOf(string identity) =>
        _members.Where(m => m.Holder is { } holder && holder.StartsWith(identity + "/", StringComparison.Ordinal) && holder.LastIndexOf('/') == identity.Length)
            .Select(m => m.AdvertisedUrl).FirstOrDefault(u => u is not null);

    /// <summary>The shards nobody was seen holding.</summary>
    public IReadOnlyList<int> Orphans() => [.. Enumerable.Range(0, Shards).Where(i => _shards[i].Holder is null)];

    /// <summary>One line for status: who holds which shard, as this replica last saw the Leases.</summary>
    public string Describe()
    {
        var held = Enumerable.Range(0, Shards).Select(i => _shards[i].Holder is { } holder
            ? $"{i} {(_shards[i].Mine ? $"this replica ({holder})" : holder)}"
            : $"{i} none");
        var agreement = _agreed ? "" : "; a member announces another shard count, so no shard is taken until the count agrees";
        return $"sharding: {Shards} shards over {_live} member(s), held: {string.Join(", ", held)}{agreement}";
    }

    public void EndTerm(string reason)
    {
        foreach (var shard in _shards)
        {
            shard.Forget();
        }

        Log.TermEnded(_logger, Identity, reason);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken);
                await Task.Delay(_options.RetryPeriod, _clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var slot in _shards.Concat(_members).Where(s => s.Mine))
        {
            await slot.ReleaseAsync(cancellationToken);
        }

        _metrics.SetLeader(false);
    }

    private LeaseSlot Slot(IKubernetes client, string ns, string name, string identity, Func<string?>? advertise = null) =>
        new(client, ns, name, identity, _clock, _options.LeaseDuration, _options.RenewDeadline, advertise);
}
