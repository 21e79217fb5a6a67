using k8s.LeaderElection;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Daemon.Leadership;

namespace PromoScaler.Daemon.Tests.Leadership;

/// <summary>The lease's age is measured from the instant a renewal was sent, on a monotonic clock; a takeover starts a term.</summary>
public class RenewalTrackingLockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Renewal_AgeCountsFromWhenItWasSent_NotWhenItWasAnswered()
    {
        var clock = new FakeTimeProvider(T0);
        var inner = new ScriptedLock("a") { Answer = () => clock.Advance(TimeSpan.FromSeconds(3)) }; // a slow API server
        var tracked = new RenewalTrackingLock(inner, clock);
        Assert.Null(tracked.SinceRenewal);

        await tracked.GetAsync();
        Assert.True(await tracked.CreateAsync(Record("a")));

        Assert.Equal(TimeSpan.FromSeconds(3), tracked.SinceRenewal);
    }

    [Fact]
    public async Task Takeover_StartsATerm_ARenewalDoesNot_AFailedWriteKeepsTheOldAge()
    {
        var clock = new FakeTimeProvider(T0);
        var inner = new ScriptedLock("a") { Holder = "b" };
        var tracked = new RenewalTrackingLock(inner, clock);
        var terms = 0;
        tracked.Acquired += () => terms++;

        await tracked.GetAsync(); // holder b (expired)
        Assert.True(await tracked.UpdateAsync(Record("a")));
        await tracked.GetAsync(); // holder a
        Assert.True(await tracked.UpdateAsync(Record("a")));
        Assert.Equal(1, terms);

        clock.Advance(TimeSpan.FromSeconds(20));
        inner.Refuse = true;
        await tracked.GetAsync();
        Assert.False(await tracked.UpdateAsync(Record("a")));
        Assert.Equal(TimeSpan.FromSeconds(20), tracked.SinceRenewal);
    }

    [Fact]
    public async Task Release_ForgetsTheRenewal()
    {
        var tracked = new RenewalTrackingLock(new ScriptedLock("a"), new FakeTimeProvider(T0));
        await tracked.GetAsync();
        await tracked.UpdateAsync(Record("a"));

        await tracked.UpdateAsync(Record(""));

        Assert.Null(tracked.SinceRenewal);
    }

    private static LeaderElectionRecord Record(string holder) => new() { HolderIdentity = holder, LeaseDurationSeconds = 15 };

    private sealed class ScriptedLock(string identity) : ILock
    {
        public string Identity => identity;

        public string? Holder { get; set; }

        public bool Refuse { get; set; }

        public Action? Answer { get; init; }

        public string Describe() => "test lock";

        public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new LeaderElectionRecord { HolderIdentity = Holder });

        public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => Write(record);

        public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => Write(record);

        private Task<bool> Write(LeaderElectionRecord record)
        {
            Answer?.Invoke();
            if (Refuse)
            {
                return Task.FromResult(false);
            }

            Holder = record.HolderIdentity;
            return Task.FromResult(true);
        }
    }
}
