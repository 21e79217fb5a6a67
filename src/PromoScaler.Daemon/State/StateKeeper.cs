using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.History;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.State;

/// <summary>
/// The daemon's memory in process, and its persistence through the <see cref="IStateStore"/>: loaded at start (and
/// when this replica becomes leader), changed by every tick, flushed after each round of ticks when it changed.
/// Loading is in <c>StateKeeper.Load.cs</c> (a bad part costs only itself; what could not be read is kept aside and
/// reported), writing in <c>StateKeeper.Flush.cs</c> (only while this replica certainly leads).
/// </summary>
public sealed partial class StateKeeper : IDisposable
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
    private readonly ILeadership _leadership;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly int _historyKept;
    private int _fittingHistory;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flush = new(1, 1);
    private Dictionary<string, PolicyStateEntry> _policies = new(StringComparer.Ordinal);
    private IntentSnapshot? _intent;
    private string? _version;
    private bool _dirty;

    public StateKeeper(
        IStateStore store,
        DecisionLog decisions,
        IOptions<StateStoreOptions> options,
        DaemonMetrics metrics,
        ILeadership leadership,
        DaemonReadiness readiness,
        TimeProvider time,
        ILogger<StateKeeper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _decisions = decisions;
        _metrics = metrics;
        _leadership = leadership;
        _readiness = readiness;
        _time = time;
        _logger = logger;
        _historyKept = options.Value.HistoryKept;
        _fittingHistory = _historyKept;
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
            // EngineState is equal only when every field is (its lists by value): any change is flushed.
            if (_policies.TryGetValue(policy, out var old) && old.Engine == state)
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
}
