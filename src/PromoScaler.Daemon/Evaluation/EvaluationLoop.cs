using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Scheduling;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// The thin hosted loop: wait on the <see cref="TimeProvider"/> until the <see cref="TickScheduler"/> has a policy
/// due (or a reload wakes it), then run <see cref="EvaluateOnceAsync"/>. A round reads like its parts: follow the
/// catalog (<see cref="PolicyTable"/>), read the state when a term begins (<see cref="StateReloads"/>), see the
/// policies as this round does (<see cref="RoundPlanner"/>), plan the clock (<see cref="TickScheduler"/>), tick the
/// due ones pods first (<see cref="TickRunner"/>, adaptive concurrency, one budget per tick), flush the state.
/// </summary>
internal sealed class EvaluationLoop : BackgroundService
{
    private readonly PolicyCatalog _catalog;
    private readonly PolicyTable _table;
    private readonly StateReloads _reloads;
    private readonly RoundPlanner _planner;
    private readonly TickScheduler _scheduler;
    private readonly TickRunner _runner;
    private readonly StateKeeper _state;
    private readonly ILeadership _leadership;
    private readonly DaemonMetrics _telemetry;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<EvaluationLoop> _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _rounds = new(1, 1);
    private readonly List<TickReport> _reportsAtRound = [];
    private DateTimeOffset _reportsAt = DateTimeOffset.MinValue;
    private DateTimeOffset _flushedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _roundAt = DateTimeOffset.MinValue;
    private bool _wroteSinceFlush;

    public EvaluationLoop(
        PolicyCatalog catalog,
        PolicyTable table,
        StateReloads reloads,
        RoundPlanner planner,
        TickScheduler scheduler,
        TickRunner runner,
        StateKeeper state,
        ILeadership leadership,
        DaemonMetrics telemetry,
        DaemonReadiness readiness,
        TimeProvider time,
        ILogger<EvaluationLoop> logger)
    {
        (_catalog, _table, _reloads, _planner, _scheduler, _runner) = (catalog, table, reloads, planner, scheduler, runner);
        (_state, _leadership, _telemetry, _readiness, _time, _logger) = (state, leadership, telemetry, readiness, time, logger);
        _catalog.Changed += _ => Wake();
    }

    /// <summary>The policies evaluated now, by name.</summary>
    internal IReadOnlyCollection<string> PolicyNames => [.. _table.Slots().Select(s => s.Name)];

    /// <summary>The policies evaluated now, in catalog order.</summary>
    internal IReadOnlyList<PolicySlot> Runtimes() => _table.Slots();

    /// <summary>How many policies have a runtime on this replica (with sharding: those of the shards it holds).</summary>
    internal int HeldRuntimes => _table.Held;

    /// <summary>Asks for an extra evaluation of <paramref name="policy"/> at <paramref name="at"/>.</summary>
    public void RequestEvaluation(string policy, DateTimeOffset at)
    {
        if (_scheduler.Request(policy, at))
        {
            Wake();
        }
    }

    /// <summary>
    /// One round: apply the catalog's current set, re-read the stored state when this replica just became leader,
    /// tick every policy due at the clock's now, and flush the state. Tests call this after advancing a
    /// FakeTimeProvider.
    /// </summary>
    internal async Task<IReadOnlyList<TickReport>> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        // Rounds never overlap: two at once would tick one policy's runtime twice from the same memory.
        await _rounds.WaitAsync(cancellationToken);
        try
        {
            var reports = await RoundAsync(cancellationToken);
            if (_reportsAt != _roundAt)
            {
                _reportsAt = _roundAt;
                _reportsAtRound.Clear();
            }

            _reportsAtRound.AddRange(reports);
            return reports;
        }
        finally
        {
            _rounds.Release();
        }
    }

    /// <summary>
    /// Every report of the rounds run at the newest round's instant, whoever ran them: a test that ticks the clock's
    /// now sees the loop's own round at that instant too.
    /// </summary>
    internal async Task<IReadOnlyList<TickReport>> ReportsOfNewestInstantAsync(CancellationToken cancellationToken)
    {
        await _rounds.WaitAsync(cancellationToken);
        try
        {
            return [.. _reportsAtRound];
        }
        finally
        {
            _rounds.Release();
        }
    }

    private async Task<IReadOnlyList<TickReport>> RoundAsync(CancellationToken cancellationToken)
    {
        if (_catalog.Current.Generation == 0)
        {
            _catalog.Reload();
        }

        var now = _time.GetUtcNow();
        _roundAt = now;
        if (_table.Reconcile(_catalog.Current, _reloads.MemoryOf, _leadership))
        {
            _scheduler.Track([.. _table.Slots().Select(s => s.Policy)], now);
        }

        var leader = _leadership.IsLeader;
        _telemetry.SetLeader(leader);
        _readiness.SetLeadershipKnown(leader is not null);
        var slots = _table.Slots();
        await _reloads.LoadWhenNeededAsync(slots, cancellationToken);

        var round = _planner.Plan(slots, now);
        _scheduler.PlanEdges(round.Policies, now);
        var due = ShardedAway(_scheduler.DueAt(now), round, now);
        Log.RoundStarted(_logger, now, due.Count, _runner.Concurrency.Limit);
        var reports = await TickPhasesAsync(round, due, now, cancellationToken);

        // Rounds come as often as policies' phases do, so the state is written after rounds that wrote a target (the
        // step limits must know it) at most every StateWritePace (a pending write wakes the loop for it), else at most
        // every StatePace; shutdown writes the rest.
        _wroteSinceFlush |= reports.Any(r => r.Write is not null);
        var pace = _wroteSinceFlush ? DaemonConstants.StateWritePace : DaemonConstants.StatePace;
        if (_leadership.IsLeader == true && now - _flushedAt >= pace)
        {
            // Not cancelled by shutdown: what was decided is written before the process ends.
            await _state.FlushAsync(CancellationToken.None);
            (_flushedAt, _wroteSinceFlush) = (now, false);
        }

        return reports;
    }

    /// <summary>The earliest instant any policy wants a tick (null: none loaded).</summary>
    internal DateTimeOffset? NextWanted() => _scheduler.NextWanted();

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
        if (_leadership.IsLeader == true && _reloads.Loaded)
        {
            await _state.FlushAsync(cancellationToken);
        }
    }

    // Pods first, then the VM groups hosting them, so a group sees this round's pod counts; within a phase every due
    // policy ticks at once up to the adaptive limit.
    private async Task<List<TickReport>> TickPhasesAsync(RoundPlanner.Round round, IReadOnlyDictionary<string, Due> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reports = new List<TickReport>(due.Count);
        foreach (var phase in round.Phases(due.Keys.ToHashSet(StringComparer.Ordinal)))
        {
            reports.AddRange(await Task.WhenAll(phase.Select(async policy =>
            {
                var slot = round.SlotOf(policy);
                var (since, cause) = due[policy.Name];
                if (cause is not DueCause.Interval)
                {
                    _telemetry.EdgeEvaluations.WithLabels(policy.Name).Inc();
                }

                var report = await _runner.RunAsync(slot, round.InputsOf(policy), now, since, cancellationToken);
                _scheduler.Completed(slot.Policy, now, report.Decision);
                return report;
            })));
        }

        return reports;
    }

    // With sharding, a policy whose shard another replica holds is that replica's to evaluate: this one moves it on
    // to its next due time, so the loop does not spin on it.
    // A slot without a runtime (its shard was not held when the round began) waits for the next round's runtimes.
    private IReadOnlyDictionary<string, Due> ShardedAway(IReadOnlyDictionary<string, Due> due, RoundPlanner.Round round, DateTimeOffset now)
    {
        bool Here(string name) => _leadership.Evaluates(name) && round.SlotOf(name).Runtime is not null;
        if (due.Keys.All(Here))
        {
            return due;
        }

        foreach (var name in due.Keys.Where(n => !Here(n)))
        {
            _scheduler.Completed(round.SlotOf(name).Policy, now, null);
        }

        return due.Where(d => Here(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        var next = NextWanted();
        if (_wroteSinceFlush && _leadership.IsLeader == true)
        {
            // A round's write whose state flush was held back by the pace is written when the pace allows.
            var flush = _flushedAt + DaemonConstants.StateWritePace;
            next = next is { } wanted && wanted < flush ? wanted : flush;
        }

        if (next is { } due && due < _roundAt + DaemonConstants.RoundGap)
        {
            next = _roundAt + DaemonConstants.RoundGap;
        }

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
}
