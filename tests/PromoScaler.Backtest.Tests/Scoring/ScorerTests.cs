using PromoScaler.Backtest.Scoring;

namespace PromoScaler.Backtest.Tests.Scoring;

public class ScorerTests
{
    [Fact]
    public void OracleReplicaHours_QuotientWholeInDecimal_CountsTheWholeQuotient()
    {
        // ceil(2.1 / 0.3) = 7; in binary floating point 2.1 / 0.3 is 7.000000000000001.
        var hours = Scorer.OracleReplicaHours([2.1, 2.1], 0.3);

        Assert.Equal(2 * 7 * 15 / 3600.0, hours, 12);
    }
}
