using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;
using static PromoScaler.Core.Tests.Engine.Hpa.HpaFixtures;

namespace PromoScaler.Core.Tests.Engine.Hpa;

/// <summary>
/// Ported from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go: TestStoreScaleEvents. Each case
/// stores a change of 5 (10 -> 15 up, 10 -> 5 down) into the previous events and checks the replicas changed in the
/// last 60s before storing and the events after, as (change, outdated) pairs.
/// </summary>
public sealed class ScaleEventHistoryTests
{
    public sealed record HpaCase(
        string Name,
        (int Change, int SecondsAgo)[] Previous,
        ScalingRules? Rules,
        (int Change, bool Outdated)[] Expected,
        int ExpectedChange)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<HpaCase> StoreScaleEvents => new()
    {
        // HPA without a behavior stores nothing; a PromoScaler policy always has rules (defaults), so the two
        // "without behavior" cases check the replicas changed per period only (Expected = null below).
        new("empty entries with default behavior", [], null, [], 0),
        new("empty entries with two-policy-behavior", [], Rules(10, 60, 100, 60, 0), [(5, false)], 0),
        new("one outdated entry to be kept untouched without behavior", [(7, 61)], null, [(7, false)], 0),
        new("one outdated entry to be replaced with behavior", [(7, 61)], Rules(10, 60, 100, 60, 0), [(5, false)], 0),
        new("one actual entry to be not touched with behavior", [(7, 58)], Rules(10, 60, 100, 60, 0), [(7, false), (5, false)], 7),
        new("two entries, one of them to be replaced", [(7, 61), (6, 59)], Rules(10, 60, 0, 0, 0), [(5, false), (6, false)], 6),
        new("replace one entry, use policies with different periods", [(8, 29), (6, 59), (7, 61), (9, 61)], Rules(10, 60, 100, 30, 0),
            [(8, false), (6, false), (7, true), (5, false)], 14),
        new("two entries, both actual", [(7, 58), (6, 59)], Rules(10, 120, 100, 30, 0), [(7, false), (6, false), (5, false)], 13),
    };

    [Theory]
    [MemberData(nameof(StoreScaleEvents))]
    public void Store_StoreScaleEventsCase_UpMatchesHpa(HpaCase c) => Check(c, +1);

    [Theory]
    [MemberData(nameof(StoreScaleEvents))]
    public void Store_StoreScaleEventsCase_DownMatchesHpa(HpaCase c) => Check(c, -1);

    private static void Check(HpaCase c, int sign)
    {
        var previous = c.Previous.Select(p => new ScaleEvent(Now - TimeSpan.FromSeconds(p.SecondsAgo), sign * p.Change)).ToList();

        Assert.Equal(c.ExpectedChange, ScaleEventHistory.ReplicasChangePerPeriod(previous, Now, TimeSpan.FromSeconds(60), scaleUp: sign > 0));
        if (c.Rules is null)
        {
            return;
        }

        var up = sign > 0 ? c.Rules : ScalingRules.DefaultScaleUp;
        var down = sign < 0 ? c.Rules : ScalingRules.DefaultScaleDown;
        var stored = ScaleEventHistory.Store(previous, Now, 10, 10 + (sign * 5), up, down);

        var actual = stored.Select(e => (Math.Abs(e.Change), ScaleEventHistory.IsOutdated(e, Now, up, down))).ToArray();
        Assert.Equal(c.Expected, actual);
        Assert.All(stored, e => Assert.Equal(sign, Math.Sign(e.Change)));
    }
}
