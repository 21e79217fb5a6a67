using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Ports;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// What the daemon keeps for one policy between ticks: the policy's <see cref="PolicyRuntime"/> (its models and
/// memory, the object the backtest drives too) while this replica evaluates it, its target adapter, and what went
/// wrong last, for status. With sharding, a policy of a shard another replica holds keeps its slot (status still
/// lists it) but no runtime. When it is next due is the <see cref="Scheduling.TickScheduler"/>'s business.
/// </summary>
internal sealed class PolicySlot
{
    private ScalingPolicy _policy;

    public PolicySlot(ScalingPolicy policy, PolicyRuntime? runtime, IScaleTarget? target, string? targetProblem)
    {
        _policy = policy;
        Runtime = runtime;
        Target = target;
        TargetProblem = targetProblem;
    }

    /// <summary>The models and memory of the policy; null while another replica evaluates it (its shard is not held here).</summary>
    public PolicyRuntime? Runtime { get; private set; }

    /// <summary>The policy as loaded.</summary>
    public ScalingPolicy Policy => Runtime?.Policy ?? _policy;

    public string Name => Policy.Name;

    /// <summary>The policy changed in the catalog: the runtime follows it (it keeps what does not depend on the change).</summary>
    public void Update(ScalingPolicy policy)
    {
        _policy = policy;
        Runtime?.Update(policy);
    }

    /// <summary>This replica now evaluates the policy: <paramref name="runtime"/> holds its models and memory.</summary>
    public void Hold(PolicyRuntime runtime) => Runtime = runtime;

    /// <summary>Another replica evaluates the policy now: its models and windows are let go.</summary>
    public void Release()
    {
        if (Runtime is { } runtime)
        {
            _policy = runtime.Policy;
            Runtime = null;
        }
    }

    /// <summary>The adapter; null when no provider serves the target's kind (<see cref="TargetProblem"/> says so).</summary>
    public IScaleTarget? Target { get; set; }

    public string? TargetProblem { get; set; }

    /// <summary>The last decision, for the admin surface.</summary>
    public Decision? LastDecision { get; set; }

    /// <summary>Why the last tick could not read the target (its outcome and detail); null when it could.</summary>
    public string? TargetReadProblem { get; set; }

    /// <summary>Why the last tick itself failed (ran over its budget, an adapter threw); null when it went through.</summary>
    public string? TickProblem { get; set; }

    /// <summary>The metrics the last tick could not read, each with why; null when every one was read.</summary>
    public string? MetricProblem { get; set; }

    /// <summary>Why the last write the target was sent did not go through; null when it did or none was needed.</summary>
    public string? WriteProblem { get; set; }

    /// <summary>The pods this policy last asked of the VM group hosting it (<c>hostedBy</c>); null when not hosted or not decided yet.</summary>
    public HostedPodDemand? LastDemand { get; set; }
}
