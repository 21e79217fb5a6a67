using CsCheck;
using PromoScaler.Core.Calendar;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Calendar;

public sealed class ActivePrewarmsTests
{
    private static readonly DateTimeOffset Origin = new(2026, 3, 7, 0, 0, 0, TimeSpan.Zero);

    // The engine's allocation-free walk must agree with WindowCalendar everywhere, DST days included.
    [Fact]
    public void At_AnyInstant_SameOccurrencesAsWindowCalendar()
    {
        var policy = new PolicyBuilder()
            .CronPrewarm("evening", "*/20 1-3 * * *", "America/New_York", TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15), 10)
            .OneOffPrewarm("once", Origin.AddHours(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(1), replicas: 5)
            .Build();

        Gen.Int[0, 3 * 24 * 3600].Sample(seconds =>
        {
            var t = Origin.AddSeconds(seconds);
            foreach (var window in policy.Spec.Prewarm)
            {
                var fast = new List<PrewarmOccurrence>();
                foreach (var o in ActivePrewarms.At(window, t))
                {
                    fast.Add(o);
                }

                Assert.Equal(WindowCalendar.ActivePrewarms(window, t).ToList(), fast);
            }
        }, iter: 3000);
    }
}
