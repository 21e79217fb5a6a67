using PromoScaler.Backtest.Scoring.Windows;

namespace PromoScaler.Backtest.Reports.Chart;

/// <summary>What shades a stretch of the time axis.</summary>
internal enum Shade
{
    Prewarm,
    Freeze,
    Both,
}

/// <summary>
/// The time axis cut into disjoint stretches shaded pre-warm, freeze, or both, so an overlap has a colour of its own
/// (and a legend entry) instead of a blend of two translucent colours that the legend does not show.
/// </summary>
internal static class WindowShading
{
    /// <summary>Disjoint stretches of [<paramref name="from"/>, <paramref name="to"/>), in time order.</summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To, Shade Shade)> Between(
        IReadOnlyList<WindowOccurrence> windows,
        DateTimeOffset from,
        DateTimeOffset to)
    {
        var spans = windows
            .Select(w => (From: Max(w.ActiveFrom, from), To: Min(w.End, to), w.Kind))
            .Where(s => s.From < s.To)
            .ToList();
        var edges = spans.SelectMany(s => new[] { s.From, s.To }).Distinct().Order().ToList();
        var stretches = new List<(DateTimeOffset, DateTimeOffset, Shade)>();
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            var (a, b) = (edges[i], edges[i + 1]);
            var prewarm = spans.Any(s => s.Kind == WindowKind.Prewarm && s.From <= a && s.To >= b);
            var freeze = spans.Any(s => s.Kind == WindowKind.Freeze && s.From <= a && s.To >= b);
            if (!prewarm && !freeze)
            {
                continue;
            }

            var shade = prewarm && freeze ? Shade.Both : prewarm ? Shade.Prewarm : Shade.Freeze;
            if (stretches.Count > 0 && stretches[^1].Item3 == shade && stretches[^1].Item2 == a)
            {
                stretches[^1] = (stretches[^1].Item1, b, shade);
            }
            else
            {
                stretches.Add((a, b, shade));
            }
        }

        return stretches;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
