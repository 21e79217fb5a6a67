namespace PromoScaler.Core.Sizing;

/// <summary>A rise recorded while a pre-warm window was active: the window, its occurrence, and each candidate's rise.</summary>
/// <param name="Window">The pre-warm window's name.</param>
/// <param name="Occurrence">The start of the occurrence the instant fell in.</param>
/// <param name="Time">The decision instant u.</param>
/// <param name="Scores">The normalised rise per candidate hold.</param>
public sealed record WindowRise(string Window, DateTimeOffset Occurrence, DateTimeOffset Time, double[] Scores);

/// <summary>What calibrated sizing learned inside one pre-warm window (see <see cref="CalibratedSizer.Windows"/>).</summary>
/// <param name="Window">The pre-warm window's name.</param>
/// <param name="Occurrences">Occurrences with at least one rise remembered.</param>
/// <param name="Samples">Rises remembered inside it.</param>
/// <param name="LargestRise">The largest of them, for the hold chosen now (normalised like beta).</param>
public sealed record WindowLearning(string Window, int Occurrences, int Samples, double LargestRise);

/// <summary>
/// The rises recorded inside this policy's pre-warm windows, kept across windows (past occurrences and the current
/// one so far) up to the calibration window's sample capacity, oldest dropped first.
/// </summary>
/// <remarks>
/// Why: a sale's traffic rises faster than an ordinary day's, so inside a window the margin above the floor must come
/// from in-window behaviour. The in-window beta is the split-conformal quantile of these rises at the coverage, at
/// rank <c>min(n, ceil(coverage x (n + 1)))</c>: with fewer rises than the quantile needs (a handful of windows) that
/// is the largest rise seen in a window, the only finite bound the data gives. It never lowers the margin: inside a
/// window beta is the larger of the band's and this one.
/// </remarks>
internal sealed class WindowMemory(double level, int capacity, int candidates)
{
    private readonly Queue<WindowRise> _rises = new();
    private readonly double[] _beta = new double[candidates];
    private bool _stale = true;

    public IReadOnlyCollection<WindowRise> Rises => _rises;

    public int Count => _rises.Count;

    public void Add(WindowRise rise)
    {
        _rises.Enqueue(rise);
        while (_rises.Count > capacity)
        {
            _rises.Dequeue();
        }

        _stale = true;
    }

    /// <summary>The in-window beta of <paramref name="candidate"/> (NaN with no rise remembered).</summary>
    public double BetaOf(int candidate)
    {
        if (_stale)
        {
            var n = _rises.Count;
            var scores = new double[n];
            for (var c = 0; c < _beta.Length; c++)
            {
                var i = 0;
                foreach (var rise in _rises)
                {
                    scores[i++] = rise.Scores[c];
                }

                Array.Sort(scores);
                _beta[c] = n == 0 ? double.NaN : scores[ConformalRank.Of(level, n) - 1];
            }

            _stale = false;
        }

        return _beta[candidate];
    }

    /// <summary>Per window name, what was learned for <paramref name="candidate"/>, by name.</summary>
    public IReadOnlyList<WindowLearning> Learned(int candidate) =>
        [.. _rises.GroupBy(r => r.Window, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new WindowLearning(g.Key, g.Select(r => r.Occurrence).Distinct().Count(), g.Count(), g.Max(r => r.Scores[candidate])))];

    public void Restore(IEnumerable<WindowRise> rises)
    {
        foreach (var rise in rises)
        {
            Add(rise with { Scores = [.. rise.Scores] });
        }
    }
}
