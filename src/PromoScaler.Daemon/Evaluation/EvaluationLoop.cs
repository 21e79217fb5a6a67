using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Forecasting;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Sizing;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// The thin hosted loop: wait on the <see cref="TimeProvider"/> until a policy is due (or an edge or a reload wakes
/// it), then run <see cref="EvaluateOnceAsync"/>. Each due policy ticks with bounded concurrency, so a slow target
/// or query holds one slot and never the rest; one failing tick never stops the others. The state is flushed
/// after each round, by the leader only.
/// </summary>
internal sealed class EvaluationLoop : BackgroundService
{
    private readonly PolicyCatalog _catalog;
    private readonly PolicyEvaluator _evaluator;
    private readonly StateKeeper _state;
    private readonly OperatorIntentBook _intent;
    private readonly DecisionLog _decisions;
    private readonly ILeadership _leadership;
    private readonly TargetResolver _targets;
    private readonly IMetricHistory _history;
    private readonly DaemonMetrics _telemetry;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<EvaluationLoop> _logger;
    private readonly EvaluationOptions _options;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PolicyRuntime> _runtimes = new(StringComparer.Ordinal);
    private long _generation;
    private int _term;
    private bool _stateLoaded;

    public EvaluationLoop(
        PolicyCatalog catalog,
        PolicyEvaluator evaluator,
        StateKeeper state,
        OperatorIntentBook intent,
        DecisionLog decisions,
        ILeadership leadership,
        TargetResolver targets,
        IMetricHistory history,
        DaemonMetrics telemetry,
        DaemonReadiness readiness,
        IOptions<EvaluationOptions> options,
        TimeProvider time,
        ILogger<EvaluationLoop> logger)
    {
        _catalog = catalog;
        _evaluator = evaluator;
        _state = state;
        _intent = intent;
        _decisions = decisions;
        _leadership = leadership;
        _targets = targets;
        _history = history;
        _telemetry = telemetry;
        _readiness = readiness;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _catalog.Changed += _ => Wake();
    }

    /// <summary>The policies evaluated now, by name.</summary>
    internal IReadOnlyCollection<string> PolicyNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _runtimes.Keys];
            }
        }
    }

    /// <summary>The policies evaluated now, in catalog order.</summary>
    internal IReadOnlyList<PolicyRuntime> Runtimes()
    {
        lock (_lock)
        {
            return [.. _runtimes.Values];
        }
    }

    /// <summary>Asks for an extra evaluation of <paramref name="policy"/> at <paramref name="at"/> (a pre-warm or freeze edge).</summary>
    public void RequestEvaluation(string policy, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_runtimes.TryGetValue(policy, out var runtime))
            {
                return;
            }

            runtime.Request(at);
        }

        _telemetry.EdgeEvaluations.WithLabels(policy).Inc();
        Wake();
    }

    /// <summary>
    /// One round: apply the catalog's current set, re-read the stored state when this replica just became leader,
    /// tick every policy due at the clock's now, and flush the state. Tests call this after advancing a
    /// FakeTimeProvider.
    /// </summary>
    internal async Task<IReadOnlyList<TickReport>> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        if (_catalog.Current.Generation == 0)
        {
            _catalog.Reload();
        }

        Reconcile(_catalog.Current);
        var leader = _leadership.IsLeader;
        _telemetry.SetLeader(leader);
        _readiness.SetLeadershipKnown(leader is not null);
        await LoadStateWhenNeededAsync(cancellationToken);

        var now = _time.GetUtcNow();
        List<PolicyRuntime> all;
        lock (_lock)
        {
            all = [.. _runtimes.Values];
        }

        // Operator pre-warms join the declared ones, and a VM group gets the node windows of the pods it hosts, so
        // `prewarm add` on a pod policy pre-warms its nodes too.
        // The catalog is linked when loaded, so the links are recomputed only in a round that has a runtime pre-warm.
        List<ScalingPolicy> withIntent = [.. all.Select(r => _intent.WithRuntimePrewarms(r.Policy, now))];
        var effective = withIntent.Where((p, i) => !ReferenceEquals(p, all[i].Policy)).Any() ? HostingCatalog.Link(withIntent) : withIntent;
        var runtimes = all.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var due = effective.Where(p => runtimes[p.Name].IsDue(now)).ToList();
        due.RemoveAll(p => !_leadership.Evaluates(p.Name) && SkippedElsewhere(runtimes[p.Name], now));

        // Pods first, then the VM groups hosting them, so a group sees this round's pod counts.
        var reports = new List<TickReport>(due.Count);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken };
        foreach (var phase in due.GroupBy(p => p.Spec.Target.IsVmGroup).OrderBy(g => g.Key))
        {
            var policies = phase.ToList();
            var results = new TickReport[policies.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, policies.Count), parallel, async (i, token) =>
            {
                var policy = policies[i];
                var hosted = policy.Spec.Target.IsVmGroup
                    ? HostingCatalog.HostedBy(effective, policy.Name).Select(p => runtimes[p.Name].LastDemand).OfType<HostedPodDemand>().ToList()
                    : null;
                results[i] = await TickAsync(runtimes[policy.Name], new RoundInputs(policy, hosted), now, token);
            });
            reports.AddRange(results);
        }

        if (_leadership.IsLeader == true)
        {
            // Not cancelled by shutdown: what was decided is written before the process ends.
            await _state.FlushAsync(CancellationToken.None);
        }

        return reports;
    }

    /// <summary>The earliest instant any policy wants a tick (null: none loaded).</summary>
    internal DateTimeOffset? NextWanted()
    {
        lock (_lock)
        {
            return _runtimes.Count == 0 ? null : _runtimes.Values.Min(r => r.NextWanted);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // StartAsync returns at once: the first round runs in the background
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateOnceAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Stopping(_logger);
        await base.StopAsync(cancellationToken);
        if (_leadership.IsLeader == true && _stateLoaded)
        {
            await _state.FlushAsync(cancellationToken);
        }
    }

    private async Task<TickReport> TickAsync(PolicyRuntime runtime, RoundInputs round, DateTimeOffset roundStart, CancellationToken stopping)
    {
        // A tick that fails before reaching a part must not leave that part's problem from an earlier tick.
        runtime.TargetReadProblem = null;
        runtime.TickProblem = null;
        return await TickGuardedAsync(runtime, round, roundStart, stopping);
    }

    private async Task<TickReport> TickGuardedAsync(PolicyRuntime runtime, RoundInputs round, DateTimeOffset roundStart, CancellationToken stopping)
    {
        var policy = runtime.Policy;
        using var scope = _logger.BeginScope(new PolicyScope(policy.Name, policy.Spec.Target.ToString()));
        var started = _time.GetTimestamp();
        _telemetry.TickLag.Observe(Math.Max(0, (_time.GetUtcNow() - runtime.DueSince(roundStart)).TotalSeconds));
        using var budget = new CancellationTokenSource(_options.TickTimeout, _time);
        using var reads = CancellationTokenSource.CreateLinkedTokenSource(stopping, budget.Token);
        try
        {
            return await _evaluator.EvaluateAsync(runtime, round, reads.Token, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            Log.TickTimedOut(_logger, _options.TickTimeout);
            _telemetry.TickFailures.WithLabels(policy.Name).Inc();
            runtime.TickProblem = "the tick ran over its budget";
            return new TickReport(policy.Name, roundStart, null, null, runtime.TickProblem);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.TickFailed(_logger, ex, ex.Message);
            _telemetry.TickFailures.WithLabels(policy.Name).Inc();
            runtime.TickProblem = ex.Message;
            return new TickReport(policy.Name, roundStart, null, null, runtime.TickProblem);
        }
        finally
        {
            _telemetry.TickDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
            lock (_lock)
            {
                runtime.Completed(roundStart);
            }
        }
    }

    // With sharding, a policy whose shard another replica holds is that replica's to evaluate: this one moves on
    // to its next due time, so the loop does not spin on it.
    private bool SkippedElsewhere(PolicyRuntime runtime, DateTimeOffset now)
    {
        lock (_lock)
        {
            runtime.Completed(now);
        }

        return true;
    }

    private async Task LoadStateWhenNeededAsync(CancellationToken cancellationToken)
    {
        // Every replica reads the state at start; a follower that becomes leader reads it again, so it continues
        // from what the previous leader last wrote rather than from its own unwritten memory.
        var term = _leadership.Term;
        if (!_stateLoaded || (_leadership.IsLeader == true && term != _term))
        {
            if (!await _state.LoadAsync(cancellationToken))
            {
                return; // the store could not be read: nothing replaced, tried again next round
            }

            _intent.Restore(_state.Intent ?? IntentSnapshot.Empty);
            _decisions.Restore(_state.History());
            _stateLoaded = true;
            lock (_lock)
            {
                foreach (var runtime in _runtimes.Values.Where(r => r.Gate is not null))
                {
                    runtime.Gate = GateFor(runtime.Policy);
                }
            }
            _term = term;
        }
    }

    private void Reconcile(CatalogSnapshot snapshot)
    {
        if (snapshot.Generation == _generation)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var wanted = snapshot.Policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var name in _runtimes.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
            {
                _runtimes.Remove(name);
                _telemetry.Forget(name);
            }

            foreach (var policy in snapshot.Policies)
            {
                if (_runtimes.TryGetValue(policy.Name, out var runtime))
                {
                    Update(runtime, policy);
                }
                else
                {
                    var target = _targets.Resolve(policy.Spec.Target, out var problem);
                    _runtimes[policy.Name] = new PolicyRuntime(policy, target, problem, MetricForecastFeed.For(policy, _history, _logger), now)
                    {
                        Calibration = CalibrationFeed.For(policy, _history, _logger),
                        Gate = GateFor(policy),
                    };
                }
            }

            _generation = snapshot.Generation;
        }

        var names = snapshot.Policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        _state.Retain(names);
        _decisions.Retain(names);
    }

    // A changed policy keeps its place in the cadence and its memory; its target adapter and forecaster are rebuilt
    // only when what they depend on changed (a refit from history is costly).
    private void Update(PolicyRuntime runtime, ScalingPolicy policy)
    {
        var old = runtime.Policy.Spec;
        runtime.Policy = policy;
        if (old.Target != policy.Spec.Target)
        {
            runtime.Target = _targets.Resolve(policy.Spec.Target, out var problem);
            runtime.TargetProblem = problem;
        }

        if (old.Prediction != policy.Spec.Prediction || old.Startup != policy.Spec.Startup || old.Interval != policy.Spec.Interval
            || PredictionMetric(old) != PredictionMetric(policy.Spec))
        {
            runtime.Forecast = MetricForecastFeed.For(policy, _history, _logger);
            runtime.Gate = GateFor(policy);
        }

        if (old.Sizing != policy.Spec.Sizing || old.Startup != policy.Spec.Startup || old.Interval != policy.Spec.Interval
            || !old.Metrics.SequenceEqual(policy.Spec.Metrics))
        {
            runtime.Calibration = CalibrationFeed.For(policy, _history, _logger);
        }
    }

    // Daemon readings are stamped when read, as the calibration's are: no lag. The gate's memory comes from the
    // state when it is loaded; a gate that cannot take it starts empty, which keeps the forecast out until earned.
    private ForecastGate? GateFor(ScalingPolicy policy)
    {
        var gate = ForecastGate.For(policy, TimeSpan.Zero);
        if (gate is not null && _stateLoaded && _state.ForecastGateOf(policy.Name) is { } stored)
        {
            gate.Restore(stored);
        }

        return gate;
    }

    private static MetricSpec? PredictionMetric(PolicySpec spec) =>
        spec.Prediction is { } p ? spec.Metrics.FirstOrDefault(m => string.Equals(m.Name, p.Metric, StringComparison.Ordinal)) : null;

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        var next = NextWanted();
        var delay = next is { } n ? n - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = delay == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(delay, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Due: the timer elapsed.
        }

        while (_wake.Wait(0, CancellationToken.None))
        {
            // Several wake-ups collapse into one round.
        }
    }

    private void Wake() => _wake.Release();

    /// <summary>The log scope of one tick.</summary>
    private sealed class PolicyScope(string policy, string target) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 2;

        public KeyValuePair<string, object> this[int index] => index switch
        {
            0 => new("Policy", policy),
            1 => new("Target", target),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"Policy:{policy} Target:{target}";
    }
}
