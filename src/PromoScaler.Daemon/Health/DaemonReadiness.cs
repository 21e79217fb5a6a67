namespace PromoScaler.Daemon.Health;

/// <summary>
/// What <c>/readyz</c> reports: ready once policies are loaded, the metric source has answered, the state store has
/// been read, and this replica knows whether it leads. While the metric source is failing (its latest read failed
/// after the latest success) the daemon holds capacity and is reported not ready, with the failure as the reason; so
/// while the state store cannot be read or written. Warnings do not make it unready: state that was partly lost at
/// load (what, and where the copy is) stays a warning until the process restarts, and a rejected policy reload (the
/// last good set runs) until a reload is applied.
/// </summary>
public sealed class DaemonReadiness
{
    private readonly Lock _lock = new();
    private string? _catalogProblem = "policies not loaded yet";
    private DateTimeOffset? _lastAnswer;
    private DateTimeOffset? _lastFailure;
    private string? _lastFailureDetail;
    private bool _leadershipKnown;
    private string? _stateUnreadable;
    private string? _stateLoss;
    private string? _stateWriteFailure;
    private DateTimeOffset? _stateWriteFailingSince;
    private bool _stateRead;
    private string? _reloadRejected;

    /// <summary>A set of policies is running; <paramref name="problem"/> non-null while none is.</summary>
    public void SetCatalog(string? problem)
    {
        lock (_lock)
        {
            _catalogProblem = problem;
        }
    }

    /// <summary>The metric source answered a read at <paramref name="at"/> (a value or an empty result).</summary>
    public void MetricAnswered(DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_lastAnswer is null || at > _lastAnswer)
            {
                _lastAnswer = at;
            }
        }
    }

    /// <summary>A metric read failed at <paramref name="at"/>.</summary>
    public void MetricFailed(DateTimeOffset at, string detail)
    {
        lock (_lock)
        {
            if (_lastFailure is null || at >= _lastFailure)
            {
                _lastFailure = at;
                _lastFailureDetail = detail;
            }
        }
    }

    /// <summary>Whether this replica leads is known (always, without leader election).</summary>
    public void SetLeadershipKnown(bool known)
    {
        lock (_lock)
        {
            _leadershipKnown = known;
        }
    }

    /// <summary>The state store could not be read at all (<paramref name="detail"/>): intent is unknown until it is.</summary>
    public void StateUnreadable(string detail)
    {
        lock (_lock)
        {
            _stateUnreadable = detail;
        }
    }

    /// <summary>The state store was read; <paramref name="loss"/> says what could not be read of it, if anything.</summary>
    public void StateLoaded(string? loss)
    {
        lock (_lock)
        {
            _stateRead = true;
            _stateUnreadable = null;
            _stateLoss = loss;
        }
    }

    /// <summary>A state write at <paramref name="at"/> succeeded (<paramref name="failure"/> null) or failed.</summary>
    public void StateWritten(string? failure, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (failure is null)
            {
                _stateWriteFailure = null;
                _stateWriteFailingSince = null;
                return;
            }

            _stateWriteFailure = failure;
            _stateWriteFailingSince ??= at;
        }
    }

    /// <summary>The last policy reload was rejected (<paramref name="problem"/>) while an earlier set runs; null once one is applied.</summary>
    public void SetReloadRejected(string? problem)
    {
        lock (_lock)
        {
            _reloadRejected = problem;
        }
    }

    /// <summary>What is wrong without making the daemon unready (state partly lost at load); empty when nothing.</summary>
    public IReadOnlyList<string> Warnings()
    {
        lock (_lock)
        {
            return [.. new[] { _stateLoss, _reloadRejected }.OfType<string>()];
        }
    }

    /// <summary>Every reason the daemon is not ready; empty when it is.</summary>
    public IReadOnlyList<string> Problems()
    {
        lock (_lock)
        {
            var problems = new List<string>();
            if (_catalogProblem is { } catalog)
            {
                problems.Add(catalog);
            }

            if (_lastAnswer is null)
            {
                problems.Add(_lastFailureDetail is { } never ? $"metric source has not answered yet: {never}" : "metric source has not answered yet");
            }
            else if (_lastFailure is { } failed && failed > _lastAnswer)
            {
                problems.Add($"metric source failing since the last answer at {_lastAnswer:O}: {_lastFailureDetail}; capacity is held");
            }

            if (_stateUnreadable is { } unreadable)
            {
                problems.Add($"state store cannot be read: {unreadable}; operator intent is not known, so nothing is written until it is read");
            }
            else if (!_stateRead)
            {
                problems.Add("state not loaded yet");
            }

            if (_stateWriteFailure is { } failure)
            {
                problems.Add($"state store writes failing since {_stateWriteFailingSince:O}: {failure}; operator changes are refused and decisions' memory is kept in memory only");
            }

            if (!_leadershipKnown)
            {
                problems.Add("leadership not known yet");
            }

            return problems;
        }
    }
}
