using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromoScaler.Daemon.Catalog;
using Quartz;

namespace PromoScaler.Daemon.Scheduling;

/// <summary>
/// Puts one Quartz trigger at every pre-warm and freeze edge of the next <see cref="Horizon"/> (computed by
/// <see cref="EdgePlanner"/>), re-planned when the policies change and every half horizon. Quartz is the calendar
/// here, not the loop: the per-policy cadence stays a plain TimeProvider loop.
/// </summary>
/// <remarks>
/// Misfires: a trigger that could not fire on time (a busy or paused scheduler) fires at once when the scheduler
/// catches up (<c>FireNow</c>); the evaluation it asks for is level-triggered, so a window still active is applied
/// and one that has ended is not. After a restart nothing is replayed: the first round evaluates every policy at
/// once, which applies any window active then.
/// </remarks>
internal sealed class EdgeScheduler : BackgroundService
{
    /// <summary>How far ahead edges are scheduled: 48h.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(48);

    private const string Group = "edges";
    private readonly ISchedulerFactory _factory;
    private readonly PolicyCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<EdgeScheduler> _logger;
    private readonly SemaphoreSlim _replan = new(0);

    public EdgeScheduler(ISchedulerFactory factory, PolicyCatalog catalog, TimeProvider time, ILogger<EdgeScheduler> logger)
    {
        _factory = factory;
        _catalog = catalog;
        _time = time;
        _logger = logger;
        _catalog.Changed += _ => _replan.Release();
    }

    /// <summary>The number of edge triggers scheduled by the last plan.</summary>
    public int Scheduled { get; private set; }

    /// <summary>Replaces every edge trigger by those of the current policies over the horizon from now.</summary>
    internal async Task PlanAsync(CancellationToken cancellationToken)
    {
        var scheduler = await _factory.GetScheduler(cancellationToken);
        var now = _time.GetUtcNow();
        await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken);

        var count = 0;
        foreach (var policy in _catalog.Current.Policies)
        {
            var edges = EdgePlanner.Edges(policy, now, now + Horizon);
            if (edges.Count == 0)
            {
                continue;
            }

            var job = JobBuilder.Create<EdgeEvaluationJob>()
                .WithIdentity(policy.Name, Group)
                .UsingJobData(EdgeEvaluationJob.PolicyKey, policy.Name)
                .Build();
            var triggers = edges.Select(edge => (ITrigger)TriggerBuilder.Create()
                .WithIdentity($"{policy.Name}@{edge.UtcTicks}", Group)
                .ForJob(job)
                .UsingJobData(EdgeEvaluationJob.EdgeKey, edge.UtcTicks)
                .StartAt(edge)
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build()).ToList();
            await scheduler.ScheduleJob(job, triggers, ScheduleJobOptions.Replacing, cancellationToken);
            foreach (var edge in edges)
            {
                Log.EdgeScheduled(_logger, policy.Name, edge);
            }

            count += edges.Count;
        }

        Scheduled = count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await PlanAsync(stoppingToken);
            using var timer = new CancellationTokenSource(Horizon / 2, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
            try
            {
                await _replan.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Half the horizon passed: plan the next stretch.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _replan.Dispose();
        base.Dispose();
    }
}
