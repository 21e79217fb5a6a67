using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Catalog;

/// <summary>
/// The running set of policies, loaded from a directory and/or from ScalingPolicy objects through the same
/// <see cref="PolicyLoader"/> as <c>promoscaler validate</c>. Files are all or nothing: a set with any error is
/// rejected whole, every error is logged with <c>file:line:col</c> and counted, and the last good file set keeps
/// running. Objects are all or nothing each: an invalid object keeps its last good version running (none if it
/// never had one) and says why in <see cref="Verdicts"/>; a deleted object leaves the set.
/// </summary>
public sealed partial class PolicyCatalog
{
    private readonly string? _directory;
    private readonly PolicyCatalogOptions _options;
    private readonly IPolicyObjectFeed? _feed;
    private readonly TimeProvider _time;
    private readonly DaemonMetrics _metrics;
    private readonly DaemonReadiness _readiness;
    private readonly ILogger<PolicyCatalog> _logger;
    private readonly Lock _reloadLock = new();
    private string? _fingerprint;
    private string? _filesFingerprint;
    private IReadOnlyList<ScalingPolicy> _filePolicies = [];
    private bool _filesLoaded;
    private volatile CatalogSnapshot _current = CatalogSnapshot.None;
    private volatile CatalogRejection? _rejection;

    public PolicyCatalog(IOptions<PolicyCatalogOptions> options, TimeProvider time, DaemonMetrics metrics, DaemonReadiness readiness, ILogger<PolicyCatalog> logger, IEnumerable<IPolicyObjectFeed>? feeds = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _directory = _options.Source == PolicySourceKind.Kubernetes ? null : _options.Directory;
        _feed = _options.Source == PolicySourceKind.Files ? null : feeds?.FirstOrDefault();
        _time = time;
        _metrics = metrics;
        _readiness = readiness;
        _logger = logger;
    }

    /// <summary>The running set.</summary>
    public CatalogSnapshot Current => _current;

    /// <summary>The last reload's errors while the set before it keeps running; null once a reload is applied.</summary>
    public CatalogRejection? LastRejection => _rejection;

    /// <summary>Raised after a new set was applied.</summary>
    public event Action<CatalogSnapshot>? Changed;

    /// <summary>Loads the directory and the objects when they changed since the last reload.</summary>
    public ReloadOutcome Reload()
    {
        CatalogSnapshot applied;
        ReloadOutcome outcome;
        lock (_reloadLock)
        {
            // Until every watched namespace was listed, a missing object may only be unread: apply nothing yet, so no
            // policy's memory is dropped for being briefly absent.
            if (_feed is { Synced: false })
            {
                return ReloadOutcome.Unchanged;
            }

            var objects = _feed?.Objects ?? [];
            var files = _directory is null ? string.Empty : PolicyDirectoryFingerprint.Of(_directory);
            var fingerprint = files + "|" + string.Join(",", objects.Select(o => $"{o.Key}@{o.ResourceVersion}"));
            if (fingerprint == _fingerprint)
            {
                return ReloadOutcome.Unchanged;
            }

            _fingerprint = fingerprint;
            var previous = _current;
            var filesOutcome = _directory is null || files == _filesFingerprint ? ReloadOutcome.Unchanged : ReloadFiles(files, previous);
            var objectsChanged = _feed is not null && ReloadObjects(objects);
            if (filesOutcome != ReloadOutcome.Applied && !objectsChanged && (_feed is null || previous.Generation > 0))
            {
                return filesOutcome;
            }

            applied = new CatalogSnapshot([.. _filePolicies, .. _objectPolicies], previous.Generation + 1);
            _current = applied;
            _metrics.PolicyReloads.WithLabels("applied").Inc();
            _metrics.PoliciesLoaded.Set(applied.Policies.Count);
            _metrics.ReloadJudged(applied.Policies, RejectedSources());
            if (filesOutcome != ReloadOutcome.Rejected && (_directory is null || _filesLoaded))
            {
                _readiness.SetCatalog(null);
                _readiness.SetReloadRejected(null);
                _rejection = null;
            }

            var (added, kept, removed) = Compare(previous.Policies, applied.Policies);
            Log.PoliciesApplied(_logger, _directory ?? "ScalingPolicy objects", applied.Policies.Count, added, kept, removed);
            outcome = filesOutcome == ReloadOutcome.Rejected ? ReloadOutcome.Rejected : ReloadOutcome.Applied;
        }

        Changed?.Invoke(applied);
        return outcome;
    }

    /// <summary>Loads the directory; on any error keeps the last good file set and reports every error.</summary>
    private ReloadOutcome ReloadFiles(string fingerprint, CatalogSnapshot previous)
    {
        _filesFingerprint = fingerprint;
        var result = PolicyLoader.LoadPaths([_directory!], _time.GetUtcNow());
        foreach (var warning in result.Warnings)
        {
            Log.PolicyWarning(_logger, warning.ToString());
        }

        if (result.Succeeded)
        {
            _filePolicies = result.Policies;
            _filesLoaded = true;
            return ReloadOutcome.Applied;
        }

        var errors = result.Errors.ToList();
        foreach (var error in errors)
        {
            Log.PolicyError(_logger, previous.Policies.Count, error.ToString());
        }

        _metrics.PolicyLoadErrors.Inc(errors.Count);
        _metrics.PolicyReloads.WithLabels("rejected").Inc();
        _rejection = new CatalogRejection(_time.GetUtcNow(), errors);
        _metrics.ReloadJudged(previous.Policies, [.. errors.Select(e => e.Location.File).Distinct(StringComparer.Ordinal)]);
        if (!_filesLoaded)
        {
            _readiness.SetCatalog($"no valid policy set loaded: {errors.Count} error(s), first: {errors[0]}");
        }
        else
        {
            _readiness.SetReloadRejected($"the last policy reload was rejected ({errors.Count} error(s), first: {errors[0]}); the last good set of {previous.Policies.Count} keeps running");
        }

        return ReloadOutcome.Rejected;
    }

    private static (int Added, int Kept, int Removed) Compare(IReadOnlyList<ScalingPolicy> before, IReadOnlyList<ScalingPolicy> after)
    {
        var old = before.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var added = after.Count(p => !old.ContainsKey(p.Name));
        var kept = after.Count - added;
        return (added, kept, before.Count - kept);
    }
}
