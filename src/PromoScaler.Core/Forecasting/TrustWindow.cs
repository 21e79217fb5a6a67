namespace PromoScaler.Core.Forecasting;

/// <summary>
/// The recent error of the forecasts actually emitted (spec "Prediction", trust): each forecast is compared with the
/// value that then arrived, and the mean absolute percentage error is taken over those whose target ended within
/// the last <c>trust.window</c>.
/// </summary>
/// <remarks>
/// The percentage is taken against max(actual, floor), the floor being the prediction metric's
/// <c>targetPerReplica</c>: the error is measured in the units the decision is made in. An error smaller than one
/// replica's load cannot move the decision by more than one replica, so near zero traffic (a quiet night) it must
/// not count as a 100% miss; at or above one replica's load this is exactly the spec's percentage error.
/// A floor of 0 gives the plain percentage, where an actual of 0 scores 0 for an exact 0 forecast and 1 otherwise.
/// </remarks>
internal sealed class TrustWindow
{
    private readonly long _windowSteps;
    private readonly double _floor;
    private readonly Queue<(long EndIndex, double Error)> _errors = new();
    private double _sum;

    /// <param name="windowSteps">trust.window in step samples.</param>
    /// <param name="floor">The smallest denominator of the percentage (targetPerReplica); 0 for none.</param>
    public TrustWindow(long windowSteps, double floor = 0)
    {
        _windowSteps = Math.Max(1, windowSteps);
        _floor = double.IsFinite(floor) && floor > 0 ? floor : 0;
    }

    /// <summary>The mean absolute percentage error (a fraction), or null when no forecast has been scored yet.</summary>
    public double? MeanError => _errors.Count == 0 ? null : Math.Max(0.0, _sum / _errors.Count);

    /// <summary>The absolute percentage error of one forecast against what arrived, with the floor applied.</summary>
    public double ErrorOf(double forecast, double actual)
    {
        var denominator = Math.Max(actual, _floor);
        return denominator > 0 ? Math.Abs(forecast - actual) / denominator : (forecast == actual ? 0.0 : 1.0);
    }

    /// <summary>Scores one forecast whose target ended at step <paramref name="endIndex"/>.</summary>
    public void Add(long endIndex, double forecast, double actual)
    {
        var error = ErrorOf(forecast, actual);
        _errors.Enqueue((endIndex, error));
        _sum += error;
    }

    /// <summary>Drops the errors whose target ended before <paramref name="newestIndex"/> - window.</summary>
    public void Expire(long newestIndex)
    {
        var changed = false;
        while (_errors.Count > 0 && _errors.Peek().EndIndex <= newestIndex - _windowSteps)
        {
            _sum -= _errors.Dequeue().Error;
            changed = true;
        }

        if (changed && _errors.Count == 0)
        {
            _sum = 0; // no drift survives an empty window
        }
    }

    public void Clear()
    {
        _errors.Clear();
        _sum = 0;
    }
}
