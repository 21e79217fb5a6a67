using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Forecasting;
using PromoScaler.Daemon.Sizing;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// What the loop keeps for one policy between ticks: the policy, its target adapter, its forecast feed and when it
/// is next due. The engine's memory is not here: it lives in the <see cref="State.StateKeeper"/>, which persists it.
/// </summary>
internal sealed class PolicyRuntime
{
    public PolicyRuntime(ScalingPolicy policy, IScaleTarget? target, string? targetProblem, MetricForecastFeed? forecast, DateTimeOffset dueAt)
    {
        Policy = policy;
        Target = target;
        TargetProblem = targetProblem;
        Forecast = forecast;
        DueAt = dueAt;
    }

    public ScalingPolicy Policy { get; set; }

    public string Name => Policy.Name;

    /// <summary>The adapter; null when no provider serves the target's kind (<see cref="TargetProblem"/> says so).</summary>
    public IScaleTarget? Target { get; set; }

    public string? TargetProblem { get; set; }

    public MetricForecastFeed? Forecast { get; set; }

    /// <summary>The gate judging a predicting policy's forecast by its decisions; null when it does not predict or gates by error alone.</summary>
    public ForecastGate? Gate { get; set; }

    /// <summary>The sizing models of a calibrated policy; null in target mode.</summary>
    public CalibrationFeed? Calibration { get; set; }

    /// <summary>The next regular tick.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>An extra evaluation was asked for (a pre-warm or freeze edge) at this instant.</summary>
    public DateTimeOffset? RequestedAt { get; private set; }

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

    public bool IsDue(DateTimeOffset now) => DueAt <= now || RequestedAt <= now;

    /// <summary>When the tick about to run was due: the earlier of the regular tick and the requested one.</summary>
    public DateTimeOffset DueSince(DateTimeOffset now) =>
        RequestedAt is { } requested && requested <= now && requested < DueAt ? requested : DueAt;

    public void Request(DateTimeOffset at)
    {
        if (RequestedAt is null || at < RequestedAt)
        {
            RequestedAt = at;
        }
    }

    /// <summary>
    /// After a tick at <paramref name="now"/>: the regular cadence moves to its next slot after now (slots that were
    /// missed while busy are skipped, not run in a burst); a request at or before now is served.
    /// </summary>
    public void Completed(DateTimeOffset now)
    {
        if (RequestedAt <= now)
        {
            RequestedAt = null;
        }

        if (DueAt <= now)
        {
            var interval = Policy.Spec.Interval;
            var behind = (now - DueAt).Ticks / interval.Ticks + 1;
            DueAt += interval * behind;
        }
    }

    /// <summary>The earliest instant this policy wants a tick.</summary>
    public DateTimeOffset NextWanted => RequestedAt is { } r && r < DueAt ? r : DueAt;
}
