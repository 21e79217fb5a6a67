using System.Globalization;
using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Groups;

/// <summary>
/// A cloud auto scaling group as a scale target, the same for every provider: <c>current</c> is the desired
/// capacity, ready is the instances in service, and the group's bounds and status are facts for the explanation.
/// A write reads the group first, so it never asks for a count outside MinSize..MaxSize (the provider would refuse
/// it): the count is clipped to the bounds and the write says so. A group that cannot act is not written at all.
/// </summary>
internal sealed class VmGroupTarget(TargetRef target, IVmGroupApi api, ILogger logger) : IScaleTarget
{
    public TargetRef Target { get; } = target;

    public async ValueTask<TargetRead> ObserveAsync(CancellationToken cancellationToken)
    {
        var description = await api.DescribeAsync(cancellationToken);
        if (description.State is not { } state)
        {
            Log.CallFailed(logger, Target.ToString(), "describe", description.Reply.Outcome, description.Reply.Describe());
            return TargetRead.Failed(description.Reply.Outcome, description.Reply.Describe());
        }

        var observation = new TargetObservation(state.Desired, state.Instances, state.InService);
        return state.CannotAct is { } why
            ? new TargetRead(TargetOutcome.Degraded, observation, why, state.Facts)
            : TargetRead.Of(observation, state.Facts);
    }

    public async ValueTask<TargetWrite> WriteAsync(ScaleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var description = await api.DescribeAsync(cancellationToken);
        if (description.State is not { } state)
        {
            Log.CallFailed(logger, Target.ToString(), "describe", description.Reply.Outcome, description.Reply.Describe());
            return TargetWrite.Failed(description.Reply.Outcome, description.Reply.Describe());
        }

        if (state.CannotAct is { } why)
        {
            return new TargetWrite(TargetOutcome.Degraded, state.Desired, why);
        }

        var bounded = Math.Clamp(request.Replicas, state.MinSize, state.MaxSize);
        var clipped = bounded != request.Replicas;
        var reply = bounded == state.Desired ? null : await api.SetDesiredCapacityAsync(bounded, cancellationToken);
        if (reply is { Outcome: not TargetOutcome.Ok })
        {
            Log.CallFailed(logger, Target.ToString(), "set desired capacity", reply.Outcome, reply.Describe());
            return TargetWrite.Failed(reply.Outcome, reply.Describe());
        }

        if (reply is not null)
        {
            Log.Wrote(logger, Target.ToString(), state.Desired, bounded, request.Reason.ToString());
        }

        if (!clipped)
        {
            return TargetWrite.Done(bounded);
        }

        Log.Clipped(logger, Target.ToString(), request.Replicas, bounded);
        var bound = request.Replicas > state.MaxSize
            ? $"MaxSize {state.MaxSize.ToString(CultureInfo.InvariantCulture)}"
            : $"MinSize {state.MinSize.ToString(CultureInfo.InvariantCulture)}";
        return new TargetWrite(TargetOutcome.Clipped, bounded, $"asked for {request.Replicas}, the group's {bound} allows {bounded}");
    }
}
