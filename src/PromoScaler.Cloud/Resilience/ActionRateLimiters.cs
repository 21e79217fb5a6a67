using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PromoScaler.Cloud.Configuration;

namespace PromoScaler.Cloud.Resilience;

/// <summary>
/// One token bucket per provider and API action, shared by every target in the process, because the providers
/// count requests per action per account (Tencent: 20/s per action). The bucket holds one second of requests and
/// gets one token back every 1/rate seconds from a timer on the injected <see cref="TimeProvider"/>, so tests
/// drive it with a fake clock (the library's own replenishment timer would run on the wall clock).
/// </summary>
internal sealed class ActionRateLimiters : IDisposable
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

    /// <summary>Waits for a permit to send <paramref name="action"/>; false when too many requests already wait.</summary>
    public async ValueTask<bool> AcquireAsync(string provider, string action, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd($"{provider}:{action}", _ => new Bucket(_options, _time));
        using var lease = await bucket.Limiter.AcquireAsync(1, cancellationToken);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private sealed class Bucket : IDisposable
    {
        private readonly ITimer _timer;

        public Bucket(CloudOptions options, TimeProvider time)
        {
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.RequestsPerSecond,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / options.RequestsPerSecond),
                AutoReplenishment = false,
                QueueLimit = options.RateLimitQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            var period = TimeSpan.FromSeconds(1.0 / options.RequestsPerSecond);
            _timer = time.CreateTimer(_ => Limiter.TryReplenish(), null, period, period);
        }

        public TokenBucketRateLimiter Limiter { get; }

        public void Dispose()
        {
            _timer.Dispose();
            Limiter.Dispose();
        }
    }
}
