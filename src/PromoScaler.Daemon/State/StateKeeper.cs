using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.State;

/// <summary>
/// The daemon's memory in process, and its persistence through the <see cref="IStateStore"/>: loaded at start (and
/// when this replica becomes leader), changed by every tick, flushed after each round of ticks when it changed. A
/// document that cannot be read is reported and treated as lost: every policy then starts from the engine's seeded
/// state, which never scales down before the stabilization window has passed.
/// </summary>
public sealed class StateKeeper
{
    private readonly IStateStore _store;
    private readonly DaemonMetrics _metrics;
    private readonly ILogger<StateKeeper> _logger;
    private readonly Lock _lock = new();
    private Dictionary<string, PolicyStateEntry> _policies = new(StringComparer.Ordinal);
    private string? _version;
    private bool _dirty;

    public StateKeeper(IStateStore store, DaemonMetrics metrics, ILogger<StateKeeper> logger)
    {
        _store = store;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>True once a load finished (found, empty or lost).</summary>
    public bool Loaded { get; private set; }

    /// <summary>Replaces the memory with what the store holds. Never throws for a bad document.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ReadAsync(cancellationToken);
        var problems = new List<string>();
        if (stored.Problem is { } problem)
        {
            problems.Add(problem);
        }

        var document = stored.Document is { } text ? StateDocumentSerializer.Deserialize(text, problems) : StateDocument.Empty;
        foreach (var p in problems)
        {
            Log.StateLost(_logger, p);
        }

        _metrics.StateLoaded(problems.Count == 0 ? "ok" : "lost");
        lock (_lock)
        {
            _policies = new Dictionary<string, PolicyStateEntry>(document.Policies, StringComparer.Ordinal);
            _version = stored.Version;
            _dirty = false;
            Loaded = true;
        }

        Log.StateLoaded(_logger, document.Policies.Count, stored.Version ?? "none");
    }

    /// <summary>The engine state of <paramref name="policy"/>; <see cref="EngineState.Empty"/> when none is remembered.</summary>
    public EngineState EngineStateOf(string policy)
    {
        lock (_lock)
        {
            return _policies.TryGetValue(policy, out var entry) ? entry.Engine : EngineState.Empty;
        }
    }

    /// <summary>Remembers <paramref name="state"/> as <paramref name="policy"/>'s engine memory at <paramref name="at"/>.</summary>
    public void SetEngineState(string policy, EngineState state, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_policies.TryGetValue(policy, out var old) && Equivalent(old.Engine, state))
            {
                return;
            }

            _policies[policy] = new PolicyStateEntry(state, at);
            _dirty = true;
        }
    }

    /// <summary>Forgets every policy not in <paramref name="keep"/> (removed from the catalog).</summary>
    public void Retain(IReadOnlyCollection<string> keep)
    {
        lock (_lock)
        {
            foreach (var name in _policies.Keys.Where(n => !keep.Contains(n)).ToList())
            {
                _policies.Remove(name);
                _dirty = true;
            }
        }
    }

    /// <summary>
    /// Writes the memory when it changed since the last write. A version conflict (another writer) is resolved once
    /// by taking the stored version and writing again: the writer of targets is the owner of their memory.
    /// </summary>
    /// <returns>False when the store could not be written (the memory is kept and written next time).</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        string text;
        string? version;
        lock (_lock)
        {
            if (!_dirty)
            {
                return true;
            }

            text = StateDocumentSerializer.Serialize(new StateDocument(StateDocument.CurrentSchema, _policies));
            version = _version;
            _dirty = false;
        }

        var result = await _store.WriteAsync(text, version, cancellationToken);
        if (result.Outcome == StateWriteOutcome.Conflict)
        {
            Log.StateConflict(_logger, result.Detail ?? "version changed");
            var current = await _store.ReadAsync(cancellationToken);
            result = await _store.WriteAsync(text, current.Version, cancellationToken);
        }

        _metrics.StateWritten(result.Outcome);
        lock (_lock)
        {
            if (result.Outcome == StateWriteOutcome.Written)
            {
                _version = result.Version;
                return true;
            }

            _dirty = true;
        }

        Log.StateWriteFailed(_logger, result.Outcome, result.Detail ?? "");
        return false;
    }

    private static bool Equivalent(EngineState a, EngineState b) =>
        a.LastWritten == b.LastWritten && a.Paused == b.Paused
        && a.Recommendations.SequenceEqual(b.Recommendations)
        && a.ScaleEvents.SequenceEqual(b.ScaleEvents)
        && a.PrewarmBaselines.SequenceEqual(b.PrewarmBaselines);
}
