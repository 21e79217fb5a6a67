using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Catalog;

/// <summary>
/// The running set of policies, loaded from a directory through the same <see cref="PolicyLoader"/> as
/// <c>promoscaler validate</c>. A reload is all or nothing: a set with any error is rejected whole, every error is
/// logged with <c>file:line:col</c> and counted, and the last good set keeps running.
/// </summary>
public sealed class PolicyCatalog
{
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly DaemonMetrics _metrics;
    private readonly DaemonReadiness _readiness;
    private readonly ILogger<PolicyCatalog> _logger;
    private readonly Lock _reloadLock = new();
    private string? _fingerprint;
    private volatile CatalogSnapshot _current = CatalogSnapshot.None;
    private volatile CatalogRejection? _rejection;

    public PolicyCatalog(IOptions<PolicyCatalogOptions> options, TimeProvider time, DaemonMetrics metrics, DaemonReadiness readiness, ILogger<PolicyCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = options.Value.Directory!;
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

    /// <summary>Loads the directory when its files changed since the last reload.</summary>
    public ReloadOutcome Reload()
    {
        CatalogSnapshot applied;
        lock (_reloadLock)
        {
            var fingerprint = PolicyDirectoryFingerprint.Of(_directory);
            if (fingerprint == _fingerprint)
            {
                return ReloadOutcome.Unchanged;
            }

            _fingerprint = fingerprint;
            var result = PolicyLoader.LoadPaths([_directory], _time.GetUtcNow());
            foreach (var warning in result.Warnings)
            {
                Log.PolicyWarning(_logger, warning.ToString());
            }

            var previous = _current;
            if (!result.Succeeded)
            {
                var errors = result.Errors.ToList();
                foreach (var error in errors)
                {
                    Log.PolicyError(_logger, previous.Policies.Count, error.ToString());
                }

                _metrics.PolicyLoadErrors.Inc(errors.Count);
                _metrics.PolicyReloads.WithLabels("rejected").Inc();
                _rejection = new CatalogRejection(_time.GetUtcNow(), errors);
                _metrics.ReloadJudged(previous.Policies, [.. errors.Select(e => e.Location.File).Distinct(StringComparer.Ordinal)]);
                if (previous.Generation == 0)
                {
                    _readiness.SetCatalog($"no valid policy set loaded: {errors.Count} error(s), first: {errors[0]}");
                }
                else
                {
                    _readiness.SetReloadRejected($"the last policy reload was rejected ({errors.Count} error(s), first: {errors[0]}); the last good set of {previous.Policies.Count} keeps running");
                }

                return ReloadOutcome.Rejected;
            }

            applied = new CatalogSnapshot(result.Policies, previous.Generation + 1);
            _current = applied;
            _metrics.PolicyReloads.WithLabels("applied").Inc();
            _metrics.PoliciesLoaded.Set(applied.Policies.Count);
            _metrics.ReloadJudged(applied.Policies, []);
            _readiness.SetCatalog(null);
            _readiness.SetReloadRejected(null);
            _rejection = null;
            var (added, kept, removed) = Compare(previous.Policies, applied.Policies);
            Log.PoliciesApplied(_logger, _directory, applied.Policies.Count, added, kept, removed);
        }

        Changed?.Invoke(applied);
        return ReloadOutcome.Applied;
    }

    private static (int Added, int Kept, int Removed) Compare(IReadOnlyList<ScalingPolicy> before, IReadOnlyList<ScalingPolicy> after)
    {
        var old = before.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var added = after.Count(p => !old.ContainsKey(p.Name));
        var kept = after.Count - added;
        return (added, kept, before.Count - kept);
    }
}
