namespace PromoScaler.Daemon.Health;

/// <summary>
/// What <c>/readyz</c> reports: ready once policies are loaded, the metric source has answered, and this replica
/// knows whether it leads. While the metric source is failing (its latest read failed after the latest success) the
/// daemon holds capacity and is reported not ready, with the failure as the reason.
/// </summary>
public sealed class DaemonReadiness
{
    private readonly Lock _lock = new();
    private string? _catalogProblem = "policies not loaded yet";
    private DateTimeOffset? _lastAnswer;
    private DateTimeOffset? _lastFailure;
    private string? _lastFailureDetail;
    private bool _leadershipKnown;

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

            if (!_leadershipKnown)
            {
                problems.Add("leadership not known yet");
            }

            return problems;
        }
    }
}
