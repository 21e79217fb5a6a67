using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.Intent;

/// <summary>
/// Operator intent for every policy and the audit log of its changes. Changes run one at a time: each computes the
/// new intent from the current one, is persisted with its audit entry through <see cref="IIntentPersistence"/>, and
/// only then becomes visible. A refused persist changes nothing, so what the API acknowledged is what a restart finds.
/// Reads never wait for a change.
/// </summary>
public sealed class OperatorIntentBook : IOperatorIntent, IDisposable
{
    private readonly IIntentPersistence _persistence;
    private readonly TimeProvider _time;
    private readonly ILogger<OperatorIntentBook> _logger;
    private readonly int _auditCapacity;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile IntentSnapshot _current = IntentSnapshot.Empty;

    public OperatorIntentBook(IIntentPersistence persistence, TimeProvider time, IOptions<AdminApiOptions> options, ILogger<OperatorIntentBook> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _persistence = persistence;
        _time = time;
        _logger = logger;
        _auditCapacity = options.Value.AuditCapacity;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Everything held now.</summary>
    public IntentSnapshot Snapshot => _current;

    /// <summary>The intent for <paramref name="policy"/>; <see cref="PolicyIntent.None"/> when nothing was asked.</summary>
    public PolicyIntent For(string policy) =>
        _current.Policies.TryGetValue(policy, out var intent) ? intent : PolicyIntent.None;

    PolicyIntent IOperatorIntent.IntentOf(string policy) => For(policy);

    /// <summary>The pause and overrides the engine applies to <paramref name="policy"/> at <paramref name="now"/>.</summary>
    public OperatorControls ControlsFor(string policy, DateTimeOffset now) => For(policy).ControlsAt(now);

    /// <summary>
    /// <paramref name="policy"/> as the engine must see it at <paramref name="now"/>: its declared pre-warms plus the
    /// runtime ones not yet over.
    /// </summary>
    public ScalingPolicy WithRuntimePrewarms(ScalingPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var runtime = For(policy.Name).PrewarmWindows(now).ToList();
        return runtime.Count == 0
            ? policy
            : policy with { Spec = policy.Spec with { Prewarm = [.. policy.Spec.Prewarm, .. runtime] } };
    }

    /// <summary>Audit entries at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Audit(DateTimeOffset? since) =>
        since is { } s ? _current.Audit.Where(a => a.At >= s).ToList() : _current.Audit;

    /// <summary>Replaces what is held with what the store had (at start, or on becoming leader).</summary>
    public void Restore(IntentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot;
    }

    /// <summary>
    /// Runs one change. <paramref name="edit"/> sees the current intent and the instant, and returns the new intent with
    /// its audit entry, or null when nothing is to change (an idempotent repeat, a refused request).
    /// </summary>
    public async Task<IntentCommit> ChangeAsync(string policy, string actor, Func<PolicyIntent, DateTimeOffset, IntentEdit?> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var current = _current;
            var before = current.Policies.TryGetValue(policy, out var found) ? found : PolicyIntent.None;
            if (edit(before, now) is not { } change)
            {
                return IntentCommit.Unchanged;
            }

            var policies = new Dictionary<string, PolicyIntent>(current.Policies, StringComparer.Ordinal);
            var next = change.Next.PrunedAt(now);
            if (next.IsEmpty)
            {
                policies.Remove(policy);
            }
            else
            {
                policies[policy] = next;
            }

            var sequence = current.Audit.Count == 0 ? 1 : current.Audit[^1].Sequence + 1;
            var draft = change.Audit;
            var entry = new AuditEntry(sequence, now, actor, draft.Action, policy, draft.Subject, draft.Reason, draft.Before, draft.After);
            var audit = current.Audit.Count >= _auditCapacity
                ? [.. current.Audit.Skip(current.Audit.Count - _auditCapacity + 1), entry]
                : new List<AuditEntry>(current.Audit) { entry };
            var candidate = new IntentSnapshot(policies, audit);

            var persisted = await _persistence.PersistAsync(candidate, cancellationToken);
            if (!persisted.Written)
            {
                Log.ChangeNotPersisted(_logger, draft.Action, policy, actor, persisted.Problem ?? "unknown");
                return IntentCommit.Refused(persisted.Problem ?? "the state store refused the write");
            }

            _current = candidate;
            Log.Audited(_logger, entry.Sequence, actor, draft.Action, policy, draft.Subject ?? "", draft.Reason ?? "");
            return IntentCommit.Applied(entry);
        }
        finally
        {
            _writer.Release();
        }
    }
}
