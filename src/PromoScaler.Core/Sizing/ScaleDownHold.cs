namespace PromoScaler.Core.Sizing;

/// <summary>A calibrated count proposed at an instant, kept for the scale-down hold.</summary>
public readonly record struct HeldProposal(DateTimeOffset Time, int Replicas);

/// <summary>
/// Scale-down hysteresis of calibrated sizing: the count proposed is the largest count proposed over the last
/// <c>hold</c>, so a proposal below the current count must hold that long before the count falls.
/// </summary>
/// <remarks>
/// Why the hold is the re-add horizon, <c>signal lag + startup + interval</c> (ski rental, Karlin et al. 1988): a
/// replica removed now saves one replica-second per second until demand needs it again; if it is needed again, it
/// is missing from that moment until a re-added replica serves, which takes the signal's lag (the rise must show in
/// the readings), up to one interval (the next decision) and the startup: the same span a rise is measured over.
/// When the return time is unknown, keeping the replica until it has been idle for as long as a re-add takes, and
/// only then removing it, never pays more than twice what foresight would, whatever the traffic; any shorter hold
/// loses without bound against fast oscillations, any longer one against a fall that lasts. Targets where a change
/// costs more than that (VM groups billed by the hour or with a minimum, cold caches) declare it with an explicit
/// scale-down stabilization, which the guardrails apply on top.
/// <para>A source sampled more coarsely than it is read (a 5-minute cloud metric, a 1-minute roll-up) shows a rise
/// only with its next sample, up to one sample period P after it began, so a re-add takes P longer: the hold is the
/// re-add horizon plus the sample period observed (<see cref="SamplePeriod"/>), passed at each call.</para>
/// </remarks>
internal sealed class ScaleDownHold(TimeSpan horizon)
{
    private readonly Queue<HeldProposal> _recent = new();
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>The re-add horizon without the sample period: signal lag + startup + interval.</summary>
    public TimeSpan Horizon { get; } = horizon;

    /// <summary>The hold of the latest call: the horizon plus the sample period then observed.</summary>
    public TimeSpan Hold { get; private set; } = horizon;

    /// <summary>The proposals of the last hold, oldest first.</summary>
    public IReadOnlyCollection<HeldProposal> Recent => _recent;

    /// <summary>
    /// Records <paramref name="replicas"/> proposed at <paramref name="now"/> and returns the largest count proposed
    /// over the last horizon + <paramref name="samplePeriod"/>.
    /// </summary>
    public int Apply(DateTimeOffset now, int replicas, TimeSpan samplePeriod)
    {
        Hold = Horizon + (samplePeriod > TimeSpan.Zero ? samplePeriod : TimeSpan.Zero);
        if (now > _last)
        {
            _recent.Enqueue(new HeldProposal(now, replicas));
            _last = now;
        }

        while (_recent.Count > 0 && _recent.Peek().Time <= now - Hold && _recent.Peek().Time != now)
        {
            _recent.Dequeue();
        }

        var held = replicas;
        foreach (var p in _recent)
        {
            held = Math.Max(held, p.Replicas);
        }

        return held;
    }

    /// <summary>Loads proposals saved by <see cref="Recent"/> (times ascending).</summary>
    public void Restore(IEnumerable<HeldProposal> recent)
    {
        _recent.Clear();
        foreach (var p in recent)
        {
            _recent.Enqueue(p);
            _last = p.Time;
        }
    }
}
