namespace PromoScaler.Core.Forecasting;

/// <summary>
/// The recent error of the forecasts actually emitted (spec "Prediction", trust): each forecast is compared with the
/// value that then arrived, and the mean absolute percentage error is taken over those whose target ended within
/// the last <c>trust.window</c>. Where the actual value is 0 the percentage is undefined: an exact 0 forecast
/// counts as 0% and any other as 100%, so a quiet night cannot make the mean infinite.
/// </summary>
internal sealed class TrustWindow
{
    private readonly long _windowSteps;
    private readonly Queue<(long EndIndex, double Error)> _errors = new();
    private double _sum;

    public TrustWindow(long windowSteps) => _windowSteps = Math.Max(1, windowSteps);

    /// <summary>The mean absolute percentage error (a fraction), or null when no forecast has been scored yet.</summary>
    public double? MeanError => _errors.Count == 0 ? null : Math.Max(0.0, _sum / _errors.Count);

    /// <summary>Scores one forecast whose target ended at step <paramref name="endIndex"/>.</summary>
    public void Add(long endIndex, double forecast, double actual)
    {
        var error = actual > 0 ? Math.Abs(forecast - actual) / actual : (forecast == 0 ? 0.0 : 1.0);
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
