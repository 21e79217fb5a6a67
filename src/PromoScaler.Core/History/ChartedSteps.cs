using PromoScaler.Core.Engine;

namespace PromoScaler.Core.History;

/// <summary>
/// The few explanation steps an older decision keeps once its full explanation is dropped: what the console's chart
/// draws (ready replicas, each metric's value, the forecast). Two to four steps instead of fifteen or so.
/// </summary>
public static class ChartedSteps
{
    /// <summary>True for a step the chart needs.</summary>
    public static bool Keeps(ExplanationStep step) => step.Code is ReasonCode.Observed or ReasonCode.MetricValid or ReasonCode.ForecastUsed;

    /// <summary>The steps of <paramref name="explanation"/> the chart needs, in order.</summary>
    public static IReadOnlyList<ExplanationStep> Of(IReadOnlyList<ExplanationStep> explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return explanation.Where(Keeps).ToArray();
    }
}
