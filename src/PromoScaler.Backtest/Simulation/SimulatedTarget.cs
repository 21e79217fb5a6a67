namespace PromoScaler.Backtest.Simulation;

/// <summary>
/// The backtest's stand-in for a workload (spec "Backtest model"): replicas requested at t serve from
/// t + startup; removals take effect at once, not-yet-ready replicas first, then the newest. Replicas are kept as
/// cohorts in request order, so "not yet ready first, then newest" is simply "newest cohort first" (a later
/// request is never ready before an earlier one, the startup being the same).
/// </summary>
public sealed class SimulatedTarget
{
    private readonly TimeSpan _startup;
    private readonly List<Cohort> _cohorts = [];

    // Ready cohorts form a prefix that only grows while time moves forward: remember it, so a replay asking at
    // ascending instants (every 15s grid point) does not walk every cohort each time.
    private int _readyCohorts;
    private int _readyCount;
    private DateTimeOffset _readyAsOf = DateTimeOffset.MinValue;

    /// <summary>A target running <paramref name="initial"/> ready replicas.</summary>
    public SimulatedTarget(int initial, TimeSpan startup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initial);
        _startup = startup;
        if (initial > 0)
        {
            _cohorts.Add(new Cohort(initial, DateTimeOffset.MinValue));
        }

        Requested = initial;
    }

    /// <summary>The count asked for (spec replicas); each costs from the moment it is asked for.</summary>
    public int Requested { get; private set; }

    /// <summary>Asks for <paramref name="replicas"/> at <paramref name="at"/>.</summary>
    public void Set(int replicas, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        if (replicas > Requested)
        {
            _cohorts.Add(new Cohort(replicas - Requested, at + _startup));
        }
        else
        {
            var remove = Requested - replicas;
            while (remove > 0)
            {
                var last = _cohorts[^1];
                var taken = Math.Min(remove, last.Count);
                remove -= taken;
                if (_cohorts.Count <= _readyCohorts)
                {
                    _readyCount -= taken; // the newest cohort was in the remembered ready prefix
                }

                if (taken == last.Count)
                {
                    _cohorts.RemoveAt(_cohorts.Count - 1);
                    _readyCohorts = Math.Min(_readyCohorts, _cohorts.Count);
                }
                else
                {
                    _cohorts[^1] = last with { Count = last.Count - taken };
                }
            }
        }

        Requested = replicas;
    }

    /// <summary>Replicas serving at <paramref name="at"/>.</summary>
    public int ReadyAt(DateTimeOffset at)
    {
        if (at < _readyAsOf)
        {
            // Asked about the past: start over (replays never do; tests may).
            _readyCohorts = 0;
            _readyCount = 0;
        }

        // Cohorts are in request order, so ready ones form a prefix.
        while (_readyCohorts < _cohorts.Count && _cohorts[_readyCohorts].ReadyAt <= at)
        {
            _readyCount += _cohorts[_readyCohorts].Count;
            _readyCohorts++;
        }

        _readyAsOf = at;
        return _readyCount;
    }

    private readonly record struct Cohort(int Count, DateTimeOffset ReadyAt);
}
