using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;
using static PromoScaler.Core.Tests.Engine.Hpa.HpaFixtures;

namespace PromoScaler.Core.Tests.Engine.Hpa;

public sealed class BelowMinReplicasTests
{
    [Theory]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    [InlineData(4, 3, false)]
    public void Applies_OnlyBelowMinReplicas(int current, int min, bool expected) =>
        Assert.Equal(expected, BelowMinReplicas.Applies(current, min));

    [Fact]
    public void Raise_EmptyState_SeedsWithCurrentRecordsTheEventAndTheWrite()
    {
        var state = BelowMinReplicas.Raise(EngineState.Empty, Now, 2, 5, ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown);

        Assert.Equal(new[] { new TimestampedRecommendation(Now, 2) }, state.Recommendations);
        Assert.Equal(new[] { new ScaleEvent(Now, 3) }, state.ScaleEvents);
        Assert.Equal(5, state.LastWritten);
    }

    [Fact]
    public void Raise_RememberedHistory_RecordsNoRecommendation()
    {
        var history = new[] { new TimestampedRecommendation(Now.AddSeconds(-30), 4) };
        var before = EngineState.Empty with { Recommendations = history, LastWritten = 4 };

        var state = BelowMinReplicas.Raise(before, Now, 4, 6, ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown);

        Assert.Equal(history, state.Recommendations);
        Assert.Equal(new[] { new ScaleEvent(Now, 2) }, state.ScaleEvents);
        Assert.Equal(6, state.LastWritten);
    }
}
