using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Daemon.Scheduling;

/// <summary>One policy's due instants (see <see cref="TickScheduler"/>). Not thread-safe: the scheduler locks.</summary>
internal sealed class PolicyClock
{
    private TimeSpan _interval;
    private TimeSpan _phase;
    private DateTimeOffset _due;
    private DateTimeOffset? _requested;
    private DateTimeOffset? _followUp;
    private IReadOnlyList<DateTimeOffset> _edges = [];
    private int _nextEdge;
    private DateTimeOffset _edgesPlannedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _servedUntil = DateTimeOffset.MinValue;
    private ScalingPolicy? _windowsOf;

    public PolicyClock(string name, TimeSpan interval, DateTimeOffset now)
    {
        Name = name;
        _interval = interval;
        _phase = Cadence.PhaseOf(name, interval);
        _due = now; // a policy ticks at once when it appears
    }

    public string Name { get; }

    /// <summary>The earliest instant the policy is due.</summary>
    public DateTimeOffset Next => Earliest().At;

    /// <summary>The earliest instant the policy is due, and why.</summary>
    public Due Earliest()
    {
        var next = new Due(_due, DueCause.Interval);
        if (_requested < next.At)
        {
            next = new Due(_requested.Value, DueCause.Request);
        }

        if (_followUp < next.At)
        {
            next = new Due(_followUp.Value, DueCause.FollowUp);
        }

        return _nextEdge < _edges.Count && _edges[_nextEdge] < next.At ? new Due(_edges[_nextEdge], DueCause.Edge) : next;
    }

    /// <summary>A changed interval: the next regular tick moves to the new cadence's next slot.</summary>
    public void Retime(TimeSpan interval, DateTimeOffset now)
    {
        if (interval == _interval)
        {
            return;
        }

        _interval = interval;
        _phase = Cadence.PhaseOf(Name, interval);
        _due = SlotAfter(now);
    }

    public void Request(DateTimeOffset at)
    {
        if (_requested is null || at < _requested)
        {
            _requested = at;
        }
    }

    /// <summary>Plans the edges of <paramref name="policy"/>'s windows when they changed or half the horizon has passed.</summary>
    public void PlanEdges(ScalingPolicy policy, DateTimeOffset now)
    {
        if (_windowsOf is { } known && now < _edgesPlannedAt + (TickScheduler.EdgeHorizon / 2)
            && (ReferenceEquals(known, policy) || SameWindows(known.Spec, policy.Spec)))
        {
            return;
        }

        // From just after the last tick served, so an edge passed while a round was busy is still due.
        var from = _servedUntil == DateTimeOffset.MinValue || _servedUntil >= now ? now : _servedUntil.AddTicks(1);
        _edges = Cadence.Edges(policy, from, now + TickScheduler.EdgeHorizon);
        _nextEdge = 0;
        _edgesPlannedAt = now;
        _windowsOf = policy;
    }

    /// <summary>A tick started at <paramref name="roundStart"/> served everything due by then.</summary>
    public void Served(DateTimeOffset roundStart, DateTimeOffset? followUp)
    {
        _servedUntil = roundStart;
        if (_requested <= roundStart)
        {
            _requested = null;
        }

        if (_followUp <= roundStart)
        {
            _followUp = null;
        }

        while (_nextEdge < _edges.Count && _edges[_nextEdge] <= roundStart)
        {
            _nextEdge++;
        }

        if (_due <= roundStart)
        {
            _due = SlotAfter(roundStart);
        }

        if (followUp is { } at && at < _due && (_followUp is null || at < _followUp))
        {
            _followUp = at;
        }
    }

    private DateTimeOffset SlotAfter(DateTimeOffset t) => Cadence.SlotAfter(t, _phase, _interval);

    private static bool SameWindows(PolicySpec a, PolicySpec b) =>
        a.Prewarm.SequenceEqual(b.Prewarm) && a.HostedPrewarm.SequenceEqual(b.HostedPrewarm) && a.Guardrails.Freeze.SequenceEqual(b.Guardrails.Freeze);
}

/// <summary>Why a policy is due.</summary>
internal enum DueCause
{
    /// <summary>Its regular tick.</summary>
    Interval,

    /// <summary>An edge of a pre-warm or freeze window.</summary>
    Edge,

    /// <summary>A decision the step policies limited, once the limiting period has passed.</summary>
    FollowUp,

    /// <summary>Asked for.</summary>
    Request,
}

/// <summary>When a policy is due and why.</summary>
internal readonly record struct Due(DateTimeOffset At, DueCause Cause);
