using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Daemon.Scheduling;

/// <summary>
/// The daemon's one clock: when each policy is next evaluated. A policy is due at its regular tick (every
/// <c>interval</c>, at a phase of its own), at every edge of its pre-warm and freeze windows (declared, hosted and
/// runtime pre-warms alike), after a decision the step policies limited (once the limiting period has passed, rather
/// than a whole interval later), and when asked. The first tick of a policy is at once.
/// </summary>
/// <remarks>
/// The phase is a stable hash of the policy's name, so a thousand policies with a 15s interval tick spread over the
/// 15 seconds rather than all at the same instant, and every replica (and every restart) puts a policy at the same
/// phase. Slots missed while busy are skipped, not run in a burst. Edges are planned <see cref="EdgeHorizon"/> ahead
/// and planned again when a policy's windows change or half the horizon has passed.
/// </remarks>
internal sealed class TickScheduler
{
    /// <summary>How far ahead window edges are planned: 48h.</summary>
    public static readonly TimeSpan EdgeHorizon = TimeSpan.FromHours(48);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, PolicyClock> _clocks = new(StringComparer.Ordinal);

    /// <summary>Follows the set of <paramref name="policies"/>: a new one is due at once, a removed one is forgotten.</summary>
    public void Track(IReadOnlyList<ScalingPolicy> policies, DateTimeOffset now)
    {
        lock (_lock)
        {
            var names = policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _clocks.Keys.Where(n => !names.Contains(n)).ToList())
            {
                _clocks.Remove(gone);
            }

            foreach (var policy in policies)
            {
                if (_clocks.TryGetValue(policy.Name, out var clock))
                {
                    clock.Retime(policy.Spec.Interval, now);
                }
                else
                {
                    _clocks[policy.Name] = new PolicyClock(policy.Name, policy.Spec.Interval, now);
                }
            }
        }
    }

    /// <summary>Plans the window edges of each policy as this round sees it (runtime pre-warms merged).</summary>
    public void PlanEdges(IReadOnlyList<ScalingPolicy> effective, DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var policy in effective)
            {
                if (_clocks.TryGetValue(policy.Name, out var clock))
                {
                    clock.PlanEdges(policy, now);
                }
            }
        }
    }

    /// <summary>Asks for an evaluation of <paramref name="policy"/> at <paramref name="at"/>; false when it is not tracked.</summary>
    public bool Request(string policy, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_clocks.TryGetValue(policy, out var clock))
            {
                return false;
            }

            clock.Request(at);
            return true;
        }
    }

    /// <summary>The policies due at <paramref name="now"/>, each with the instant it became due and why.</summary>
    public IReadOnlyDictionary<string, Due> DueAt(DateTimeOffset now)
    {
        lock (_lock)
        {
            var due = new Dictionary<string, Due>(StringComparer.Ordinal);
            foreach (var clock in _clocks.Values)
            {
                if (clock.Earliest() is { } next && next.At <= now)
                {
                    due[clock.Name] = next;
                }
            }

            return due;
        }
    }

    /// <summary>The earliest instant any policy is due (null: none tracked).</summary>
    public DateTimeOffset? NextWanted()
    {
        lock (_lock)
        {
            return _clocks.Count == 0 ? null : _clocks.Values.Min(c => c.Next);
        }
    }

    /// <summary>
    /// After a tick of <paramref name="policy"/> started at <paramref name="roundStart"/>: what was due by then is
    /// served; a decision the step policies limited is followed up once the limiting period has passed.
    /// </summary>
    public void Completed(ScalingPolicy policy, DateTimeOffset roundStart, Decision? decision)
    {
        lock (_lock)
        {
            if (_clocks.TryGetValue(policy.Name, out var clock))
            {
                clock.Served(roundStart, Cadence.FollowUpAt(policy, roundStart, decision));
            }
        }
    }
}
