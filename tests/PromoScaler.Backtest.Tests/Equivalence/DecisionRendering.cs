using System.Globalization;
using System.Text;
using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Tests.Equivalence;

/// <summary>
/// One decision as one line of text holding everything the engine returned: the action, the counts, the reason, the
/// components, every explanation step with all its fields, and the state handed to the next tick. Doubles are written
/// round-trip, so two renderings are equal only when the decisions are.
/// </summary>
internal static class DecisionRendering
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(string run, DecisionInput input, Decision d)
    {
        var sb = new StringBuilder(512);
        sb.Append(run).Append(' ').Append(Time(input.Now))
            .Append(" action=").Append(d.Action)
            .Append(" desired=").Append(Inv, $"{d.Desired}")
            .Append(" current=").Append(Inv, $"{d.Current}")
            .Append(" reason=").Append(d.Reason)
            .Append(" components=").Append(Int(d.Components.Reactive)).Append(',').Append(Int(d.Components.Predictive))
            .Append(',').Append(Int(d.Components.Floor)).Append(',').Append(Inv, $"{d.Components.Raw}");

        sb.Append(" | steps:");
        foreach (var s in d.Explanation)
        {
            sb.Append(' ').Append(s.Stage).Append('/').Append(s.Code)
                .Append('(').Append(s.Subject ?? "-")
                .Append(',').Append(Real(s.Value))
                .Append(',').Append(Int(s.Before))
                .Append(',').Append(Int(s.After))
                .Append(',').Append(Real(s.Limit)).Append(')');
        }

        var state = d.State;
        sb.Append(" | state: written=").Append(Int(state.LastWritten)).Append(" paused=").Append(state.Paused ? '1' : '0');
        sb.Append(" recs=");
        foreach (var r in state.Recommendations)
        {
            sb.Append(Time(r.Timestamp)).Append(':').Append(Inv, $"{r.Replicas}").Append(';');
        }

        sb.Append(" events=");
        foreach (var e in state.ScaleEvents)
        {
            sb.Append(Time(e.Timestamp)).Append(':').Append(Inv, $"{e.Change}").Append(';');
        }

        sb.Append(" baselines=");
        foreach (var b in state.PrewarmBaselines)
        {
            sb.Append(b.Window).Append('@').Append(Time(b.OccurrenceStart)).Append(':').Append(Inv, $"{b.Baseline}")
                .Append(b.Unknown ? "?" : "").Append(';');
        }

        return sb.ToString();
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", Inv);

    private static string Int(int? v) => v is { } n ? n.ToString(Inv) : "-";

    private static string Real(double? v) => v is { } x ? x.ToString("R", Inv) : "-";
}
