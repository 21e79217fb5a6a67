using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PromoScaler.Cloud.Configuration;

namespace PromoScaler.Cloud.Resilience;

/// <summary>
/// One rate limit per provider and API action, shared by every target in the process, because the providers count
/// requests per action per account (Tencent: 20/s per action). Each is a token bucket holding one second of
/// requests, kept as the generic cell rate algorithm (a theoretical arrival time advanced 1/rate per request) on
/// the injected <see cref="TimeProvider"/>. System.Threading.RateLimiting's bucket was not used: it measures
/// elapsed time with the Stopwatch even when replenished by hand, so a fake clock cannot drive it.
/// </summary>
internal sealed class ActionRateLimiters
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly CloudOptions _options;
    private readonly TimeProvider _time;

    public ActionRateLimiters(IOptions<CloudOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    /// <summary>Waits for a turn to send <paramref name="action"/>; false at once when too many requests already wait.</summary>
    public async ValueTask<bool> AcquireAsync(string provider, string action, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd($"{provider}:{action}", _ => new Bucket(_options.RequestsPerSecond, _options.RateLimitQueue, _time));
        if (bucket.Reserve() is not { } wait)
        {
            return false;
        }

        if (wait <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(wait, _time, cancellationToken);
            return true;
        }
        finally
        {
            bucket.Left();
        }
    }

    private sealed class Bucket(int ratePerSecond, int queueLimit, TimeProvider time)
    {
        private readonly Lock _lock = new();
        private readonly TimeSpan _interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / ratePerSecond);
        private readonly TimeSpan _burst = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / ratePerSecond * (ratePerSecond - 1));
        private DateTimeOffset _theoreticalArrival = DateTimeOffset.MinValue;
        private int _waiting;

        /// <summary>Takes the next turn: how long to wait for it, or null when the queue is full (nothing reserved).</summary>
        public TimeSpan? Reserve()
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                var arrival = _theoreticalArrival > now ? _theoreticalArrival : now;
                var wait = arrival - _burst - now;
                if (wait > TimeSpan.Zero)
                {
                    if (_waiting >= queueLimit)
                    {
                        return null;
                    }

                    _waiting++;
                }

                _theoreticalArrival = arrival + _interval;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        public void Left()
        {
            lock (_lock)
            {
                _waiting--;
            }
        }
    }
}
