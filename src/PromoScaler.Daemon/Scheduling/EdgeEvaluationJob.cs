using PromoScaler.Daemon.Evaluation;
using Quartz;

namespace PromoScaler.Daemon.Scheduling;

/// <summary>The Quartz job of one edge: asks the loop to evaluate the policy now.</summary>
[DisallowConcurrentExecution]
internal sealed class EdgeEvaluationJob(EvaluationLoop loop) : IJob
{
    public const string PolicyKey = "policy";
    public const string EdgeKey = "edge";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var policy = data.GetString(PolicyKey)!;
        var edge = new DateTimeOffset(data.GetLong(EdgeKey), TimeSpan.Zero);
        // The edge's own instant, so a late firing still reports the lag it had.
        loop.RequestEvaluation(policy, edge);
        return ValueTask.CompletedTask;
    }
}
