using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.History;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.Forecasting;
using PromoScaler.Daemon.Configuration;
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
public sealed class StateKeeper : IDisposable
{
    /// <summary>
    /// The largest document written, in UTF-16 characters of JSON: below a ConfigMap's 1 MiB with room for its
    /// metadata. A larger one is written with shorter decision histories (halved until it fits); the engine's memory
    /// and operator intent are never cut.
    /// </summary>
    internal const int MaxDocumentChars = 900 * 1024;

    private readonly IStateStore _store;
    private readonly DecisionLog _decisions;
    private readonly DaemonMetrics _metrics;
    private readonly ILogger<StateKeeper> _logger;
    private readonly int _historyKept;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flush = new(1, 1);
    private Dictionary<string, PolicyStateEntry> _policies = new(StringComparer.Ordinal);
    private IntentSnapshot? _intent;
    private string? _version;
    private bool _dirty;

    public StateKeeper(IStateStore store, DecisionLog decisions, IOptions<StateStoreOptions> options, DaemonMetrics metrics, ILogger<StateKeeper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _decisions = decisions;
        _metrics = metrics;
        _logger = logger;
        _historyKept = options.Value.HistoryKept;
    }

    public void Dispose() => _flush.Dispose();

    /// <summary>Operator intent and its audit log as last stored; null when none was ever stored.</summary>
    public IntentSnapshot? Intent
    {
        get
        {
            lock (_lock)
            {
                return _intent;
            }
        }
    }

    /// <summary>The decision histories as last loaded, per policy, oldest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DecisionRecord>> History()
    {
        lock (_lock)
        {
            return _policies.Where(p => p.Value.History is { Count: > 0 })
                .ToDictionary(p => p.Key, p => p.Value.History!, StringComparer.Ordinal);
        }
    }

    /// <summary>The stored forecast gate memory of <paramref name="policy"/>; null when none.</summary>
    public ForecastGateState? ForecastGateOf(string policy)
    {
        lock (_lock)
        {
            return _policies.TryGetValue(policy, out var entry) ? entry.ForecastGate : null;
        }
    }

    /// <summary>Remembers the forecast gate's memory of <paramref name="policy"/> (after its engine state was set this tick).</summary>
    public void SetForecastGate(string policy, ForecastGateState gate)
    {
        lock (_lock)
        {
            if (_policies.TryGetValue(policy, out var entry))
            {
                _policies[policy] = entry with { ForecastGate = gate };
                _dirty = true;
            }
        }
    }

    /// <summary>A decision was recorded: the history in the next flush differs.</summary>
    public void MarkChanged()
    {
        lock (_lock)
        {
            _dirty = true;
        }
    }

    /// <summary>
    /// Stores <paramref name="intent"/> durably before returning: written with everything else, at once. When the
    /// store refuses, the previous intent is kept in memory and the reason returned.
    /// </summary>
    public async Task<string?> PersistIntentAsync(IntentSnapshot intent, CancellationToken cancellationToken)
    {
        IntentSnapshot? before;
        lock (_lock)
        {
            if (!Loaded)
            {
                return "the state has not been loaded yet; try again in a moment";
            }

            before = _intent;
            _intent = intent;
            _dirty = true;
        }

        if (await FlushAsync(cancellationToken))
        {
            return null;
        }

        lock (_lock)
        {
            _intent = before;
            _dirty = true;
        }

        return "the state store could not be written";
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
            _intent = document.Intent;
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

            _policies[policy] = new PolicyStateEntry(state, at, old?.History, old?.ForecastGate);
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
    /// Writes the memory when it changed since the last write (one write at a time). A version conflict (another
    /// writer) is resolved once by taking the stored version and writing again: the writer of targets is the owner
    /// of their memory.
    /// </summary>
    /// <returns>False when the store could not be written (the memory is kept and written next time).</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken);
        try
        {
            return await FlushOnceAsync(cancellationToken);
        }
        finally
        {
            _flush.Release();
        }
    }

    private async Task<bool> FlushOnceAsync(CancellationToken cancellationToken)
    {
        string text;
        string? version;
        lock (_lock)
        {
            if (!_dirty)
            {
                return true;
            }

            try
            {
                text = Serialize();
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
            {
                // A value the format cannot hold must never stop the loop: reported, retried next round.
                Log.StateWriteFailed(_logger, StateWriteOutcome.Failed, "the state document could not be serialized: " + ex.Message);
                return false;
            }

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

    // The histories come from the decision log now; only the newest decision keeps its explanation.
    private string Serialize()
    {
        var history = _decisions.Snapshot();
        for (var kept = _historyKept; ; kept /= 2)
        {
            var policies = new Dictionary<string, PolicyStateEntry>(_policies.Count, StringComparer.Ordinal);
            foreach (var (name, entry) in _policies)
            {
                policies[name] = entry with { History = kept > 0 && history.TryGetValue(name, out var records) ? Compact(records, kept) : null };
            }

            var text = StateDocumentSerializer.Serialize(new StateDocument(StateDocument.CurrentSchema, policies, _intent));
            if (text.Length <= MaxDocumentChars || kept == 0)
            {
                return text;
            }
        }
    }

    private static List<DecisionRecord> Compact(IReadOnlyList<DecisionRecord> records, int kept)
    {
        var recent = records.Skip(Math.Max(0, records.Count - kept)).ToList();
        for (var i = 0; i < recent.Count - 1; i++)
        {
            recent[i] = recent[i] with { Explanation = [] };
        }

        return recent;
    }

    private static bool Equivalent(EngineState a, EngineState b) =>
        a.LastWritten == b.LastWritten && a.Paused == b.Paused
        && a.Recommendations.SequenceEqual(b.Recommendations)
        && a.ScaleEvents.SequenceEqual(b.ScaleEvents)
        && a.PrewarmBaselines.SequenceEqual(b.PrewarmBaselines);
}
