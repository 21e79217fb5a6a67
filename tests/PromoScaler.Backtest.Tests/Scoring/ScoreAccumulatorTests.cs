using PromoScaler.Backtest.Scoring;

namespace PromoScaler.Backtest.Tests.Scoring;

public class ScoreAccumulatorTests
{
    private const double GridHours = 15 / 3600.0;

    // Six grid points, C = 10; the run asks for 1, 2, 3, 4, 5, 6 with 1 ready throughout, so points with demand above
    // 10 are overloaded: 1 (20), 3 (30), 4 (NaN: no data, not overloaded) and 5 (15).
    private static readonly double[] Demand = [5, 20, 10, 30, double.NaN, 15];

    private static ScoreAccumulator Fed(IReadOnlyList<GridStretch> stretches)
    {
        var score = new ScoreAccumulator(Demand, 10, stretches);
        for (var i = 0; i < Demand.Length; i++)
        {
            score.Add(i, i + 1, 1);
        }

        return score;
    }

    [Fact]
    public void StretchScores_OverlappingStretchesAndOneToTheGridsEnd_EachItsOwnFigures()
    {
        var score = Fed([new GridStretch(1, 4), new GridStretch(0, 2), new GridStretch(3, 6), new GridStretch(2, 2)]);

        var stretches = score.StretchScores();

        // [1, 4): points 1, 2, 3 ask 2 + 3 + 4, overloaded at 1 and 3.
        Assert.Equal(new StretchScore(30, 9 * GridHours), stretches[0]);
        // [0, 2): 1 + 2, overloaded at 1.
        Assert.Equal(new StretchScore(15, 3 * GridHours), stretches[1]);
        // [3, 6): 4 + 5 + 6, overloaded at 3 and 5 (4 has no data).
        Assert.Equal(new StretchScore(30, 15 * GridHours), stretches[2]);
        // An empty stretch has nothing.
        Assert.Equal(new StretchScore(0, 0), stretches[3]);
    }

    [Fact]
    public void StretchScores_TheWholeGrid_EqualsTheRunsScore()
    {
        var score = Fed([new GridStretch(0, Demand.Length)]);

        var card = score.ToScoreCard(0, 0);

        Assert.Equal(new StretchScore(card.OverloadedSeconds, card.ReplicaHours), Assert.Single(score.StretchScores()));
        Assert.Equal(45, card.OverloadedSeconds);
    }
}
