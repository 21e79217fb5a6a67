using CsCheck;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;
using static PromoScaler.Core.Tests.Engine.Hpa.HpaFixtures;

namespace PromoScaler.Core.Tests.Engine.Hpa;

/// <summary>
/// Ported from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go:
/// TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors). Recommendations are
/// (replicas, minutes ago); the expected history lists replicas only, as the HPA test compares them.
/// </summary>
public sealed class StabilizationTests
{
    public sealed record HpaCase(
        string Name,
        (int Replicas, int MinutesAgo)[] Recommendations,
        int Current,
        int Raw,
        int Expected,
        int[]? ExpectedHistory,
        int UpWindowSeconds = 0,
        int DownWindowSeconds = 0)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<HpaCase> NormalizeDesiredReplicasWithBehavior => new()
    {
        new("empty recommendations for scaling down", [], 100, 5, 5, [5]),
        new("simple scale down stabilization", [(4, 2), (5, 1)], 100, 3, 5, [4, 5, 3], DownWindowSeconds: 180),
        new("simple scale up stabilization", [(4, 2), (5, 1)], 1, 7, 4, [4, 5, 7], UpWindowSeconds: 300),
        new("no scale down stabilization", [(1, 2), (2, 1)], 100, 3, 3, [1, 2, 3], UpWindowSeconds: 300),
        new("no scale up stabilization", [(4, 2), (5, 1)], 1, 3, 3, [4, 5, 3], DownWindowSeconds: 300),
        new("no scale down stabilization, reuse recommendation element", [(10, 10), (9, 9)], 100, 3, 3, [10, 3]),
        new("no scale up stabilization, reuse recommendation element", [(10, 10), (9, 9)], 1, 100, 100, [10, 100]),
        new("scale down stabilization, reuse one of obsolete recommendation element", [(10, 10), (4, 1), (5, 2), (9, 9)], 100, 3, 5,
            [10, 4, 5, 3], DownWindowSeconds: 180),
        new("scale up stabilization, reuse one of obsolete recommendation element", [(10, 100), (6, 1), (5, 2), (9, 3)], 1, 100, 5,
            [100, 6, 5, 9], UpWindowSeconds: 300),
        new("scale up and down stabilization, do not scale up when prenormalized rec goes down", [(2, 100), (3, 3)], 2, 1, 2, null,
            UpWindowSeconds: 300, DownWindowSeconds: 300),
        new("scale up and down stabilization, do not scale down when prenormalized rec goes up", [(2, 100), (1, 3)], 2, 3, 2, null,
            UpWindowSeconds: 300, DownWindowSeconds: 300),
    };

    [Theory]
    [MemberData(nameof(NormalizeDesiredReplicasWithBehavior))]
    public void Stabilize_NormalizeDesiredReplicasWithBehaviorCase_MatchesHpa(HpaCase c)
    {
        var history = c.Recommendations
            .Select(r => new TimestampedRecommendation(Now - TimeSpan.FromMinutes(r.MinutesAgo), r.Replicas))
            .ToList();
        var up = ScalingRules.DefaultScaleUp with { Stabilization = TimeSpan.FromSeconds(c.UpWindowSeconds) };
        var down = ScalingRules.DefaultScaleDown with { Stabilization = TimeSpan.FromSeconds(c.DownWindowSeconds) };

        var stabilized = HpaReference.Stabilize(history, Now, c.Current, c.Raw, up, down, out var updated);

        Assert.Equal(c.Expected, stabilized);
        if (c.ExpectedHistory is not null)
        {
            Assert.Equal(c.ExpectedHistory, updated.Select(r => r.Replicas).ToArray());
        }
    }
}

public sealed class StabilizationCompactionTests
{
    // The engine keeps a compact history; for any sequence of decisions it must stabilize exactly as HPA's full one.
    [Fact]
    public void RecordCompact_AnySequence_SameStabilizedCountsAsHpaHistory() =>
        Gen.Select(
                Gen.Select(Gen.Int[0, 90], Gen.Int[0, 40], Gen.Int[0, 40]).Array[1, 80],
                Gen.Int[0, 600],
                Gen.Int[0, 600])
            .Sample((ticks, upSeconds, downSeconds) =>
            {
                var up = ScalingRules.DefaultScaleUp with { Stabilization = TimeSpan.FromSeconds(upSeconds) };
                var down = ScalingRules.DefaultScaleDown with { Stabilization = TimeSpan.FromSeconds(downSeconds) };
                TimestampedRecommendation[] full = [];
                TimestampedRecommendation[] compact = [];
                var now = HpaFixtures.Now;
                foreach (var (step, raw, current) in ticks)
                {
                    now = now.AddSeconds(step);
                    Assert.Equal(
                        Stabilization.Recommend(full, now, current, raw, up, down),
                        Stabilization.Recommend(compact, now, current, raw, up, down));
                    full = HpaReference.Record(full, now, raw, up, down);
                    compact = Stabilization.RecordCompact(compact, now, raw, up, down);
                    Assert.True(compact.Length <= full.Length);
                }
            }, iter: 2000);

    [Fact]
    public void RecordCompact_SteadyRaw_KeepsOneRecommendation()
    {
        IReadOnlyList<TimestampedRecommendation> history = [];
        for (var i = 0; i < 40; i++)
        {
            history = Stabilization.RecordCompact(history, HpaFixtures.Now.AddSeconds(15 * i), 12, ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown);
        }

        Assert.Equal(new TimestampedRecommendation(HpaFixtures.Now.AddSeconds(15 * 39), 12), Assert.Single(history));
    }
}
