using PromoScaler.Backtest.Scoring;

namespace PromoScaler.Backtest.Tests.Scoring;

public class EqualOverloadTests
{
    private static FrontierPoint Point(double replicaHours, double overloadedSeconds) =>
        new(0.5, 1, new ScoreCard(overloadedSeconds, 0, replicaHours, 1, 1, 1));

    private static readonly FrontierPoint[] Frontier = [Point(30, 0), Point(10, 1000), Point(20, 200)];

    [Theory]
    [InlineData(1000, 10)]
    [InlineData(600, 15)] // halfway between (10 h, 1000 s) and (20 h, 200 s)
    [InlineData(100, 25)] // halfway between (20 h, 200 s) and (30 h, 0 s)
    [InlineData(0, 30)]
    public void HpaReplicaHours_InsideTheFrontier_InterpolatesLinearly(double overloadedSeconds, double expected)
    {
        Assert.Equal(expected, EqualOverload.HpaReplicaHours(overloadedSeconds, Frontier)!.Value, 9);
    }

    [Fact]
    public void HpaReplicaHours_MoreOverloadedThanTheCheapestHpa_NoFigure()
    {
        Assert.Null(EqualOverload.HpaReplicaHours(1500, Frontier));
        Assert.Null(EqualOverload.HpaReplicaHours(10, Array.Empty<FrontierPoint>()));
    }
}
