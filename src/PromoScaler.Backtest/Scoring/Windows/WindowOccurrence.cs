using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Scoring.Windows;

/// <summary>Which kind of announced window an occurrence belongs to.</summary>
public enum WindowKind
{
    /// <summary>A <c>spec.prewarm</c> entry.</summary>
    Prewarm,
    /// <summary>A <c>spec.guardrails.freeze</c> entry.</summary>
    Freeze,
}

/// <summary>
/// One occurrence of an announced window inside a backtest's range, and the stretch its figures are scored on.
/// </summary>
/// <param name="Kind">Pre-warm or freeze.</param>
/// <param name="Name">The pre-warm's name; a freeze, which has none, is named by its place: <c>freeze[0]</c>.</param>
/// <param name="Entry">The entry's index in <c>spec.prewarm</c> or <c>spec.guardrails.freeze</c>.</param>
/// <param name="Start">The sale start (pre-warm) or the freeze's start.</param>
/// <param name="End">Where the occurrence ends (exclusive): start + hold + rampDown, or the freeze's end.</param>
/// <param name="ScoredFrom">
/// First scored instant: start - lead + startup for a pre-warm (the earliest the floor's replicas can serve),
/// the freeze's start for a freeze.
/// </param>
/// <param name="ScoredTo">Last scored instant (inclusive): start + hold, or the freeze's end.</param>
/// <param name="Prewarm">The pre-warm entry; null for a freeze.</param>
public sealed record WindowOccurrence(
    WindowKind Kind,
    string Name,
    int Entry,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset ScoredFrom,
    DateTimeOffset ScoredTo,
    PrewarmWindow? Prewarm)
{
    /// <summary>When the occurrence starts acting: start - lead for a pre-warm, the start for a freeze.</summary>
    public DateTimeOffset ActiveFrom => Prewarm is { } window ? Start - window.Lead : Start;

    /// <summary>
    /// Every pre-warm and freeze occurrence of <paramref name="policy"/> that intersects
    /// [<paramref name="from"/>, <paramref name="to"/>): pre-warms first, in entry then start order, then freezes.
    /// </summary>
    public static IReadOnlyList<WindowOccurrence> Between(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var occurrences = new List<WindowOccurrence>();
        var prewarms = policy.Spec.Prewarm;
        for (var i = 0; i < prewarms.Count; i++)
        {
            var window = prewarms[i];
            foreach (var o in WindowCalendar.PrewarmsBetween(window, from, to))
            {
                occurrences.Add(new WindowOccurrence(
                    WindowKind.Prewarm, window.Name, i, o.Start, o.ActiveUntil, o.ActiveFrom + policy.Spec.Startup, o.HoldEnd, window));
            }
        }

        var freezes = policy.Spec.Guardrails.Freeze;
        for (var i = 0; i < freezes.Count; i++)
        {
            foreach (var o in FreezesBetween(freezes[i], from, to))
            {
                occurrences.Add(new WindowOccurrence(WindowKind.Freeze, $"freeze[{i}]", i, o.From, o.Until, o.From, o.Until, null));
            }
        }

        return occurrences;
    }

    /// <summary>Occurrences of <paramref name="window"/> that intersect [<paramref name="from"/>, <paramref name="to"/>), by start.</summary>
    public static IEnumerable<FreezeOccurrence> FreezesBetween(FreezeWindow window, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var occurrence in WindowCalendar.NextFreezes(window, from, int.MaxValue))
        {
            if (occurrence.From >= to)
            {
                yield break;
            }

            yield return occurrence;
        }
    }
}
