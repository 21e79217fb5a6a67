using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Traces;

namespace PromoScaler.Backtest.Tests.Fakes;

/// <summary>Replay contexts over in-memory traces.</summary>
internal static class Contexts
{
    /// <summary>
    /// A context over one <c>demand</c> column with a row every minute from <see cref="Traces.T0"/>, scored from
    /// the second row to the last.
    /// </summary>
    public static ReplayContext PerMinute(double[] values, TimeSpan delay, TimeSpan window)
    {
        var trace = Traces.Parse(Traces.Csv(TimeSpan.FromMinutes(1), values, "demand"));
        var curves = new Dictionary<string, DemandCurve>(StringComparer.Ordinal) { ["demand"] = new DemandCurve(trace.Ticks, trace.Columns["demand"]) };
        return new ReplayContext(curves, "demand", trace.First, trace.First + TimeSpan.FromMinutes(1), trace.Last, delay, window);
    }
}
