namespace PromoScaler.Prometheus.Api;

/// <summary>
/// Shares one Prometheus instant query among identical reads (same source, same PromQL text, same evaluation instant
/// to the millisecond, which is what the request carries). A read that finds the request in flight awaits it; a read
/// that comes after it succeeded, within <c>keepFor</c> of its answer (the source's <c>QueryAlignment</c>), takes its
/// result. The result is immutable and shared read-only. A failure reaches every read that awaited the request and is
/// never kept, so the next read asks again. Each waiter's cancellation is its own: the request is cancelled only when
/// every waiter has gone, and a read arriving after that starts a new request.
/// </summary>
internal sealed class QueryCoalescer(TimeProvider time)
{
    /// <summary>At most this many answers are kept at once; beyond it an answer is not kept (only in-flight sharing).</summary>
    public const int MaxKept = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<QueryKey, Flight> _inFlight = [];
    private readonly Dictionary<QueryKey, (PrometheusQueryResult Result, DateTimeOffset Until)> _kept = [];

    /// <summary>How a read was answered.</summary>
    public enum Sharing
    {
        /// <summary>It sent the request.</summary>
        Sent,

        /// <summary>It awaited a request another read had sent.</summary>
        InFlight,

        /// <summary>It took the answer of a request that had just completed.</summary>
        Recent,
    }

    /// <summary>Answers kept now (for tests and the bound).</summary>
    public int KeptCount
    {
        get
        {
            lock (_gate)
            {
                return _kept.Count;
            }
        }
    }

    /// <summary>
    /// The result of <paramref name="key"/>'s query, sent with <paramref name="send"/> (on a token of its own) unless
    /// an identical request is in flight or answered within <paramref name="keepFor"/>. <paramref name="shared"/>
    /// hears how the read was answered before it waits.
    /// </summary>
    public async Task<PrometheusQueryResult> QueryAsync(
        QueryKey key,
        TimeSpan keepFor,
        Func<CancellationToken, Task<PrometheusQueryResult>> send,
        Action<Sharing> shared,
        CancellationToken cancellationToken)
    {
        Flight flight;
        bool leader;
        lock (_gate)
        {
            if (_kept.TryGetValue(key, out var kept))
            {
                if (time.GetUtcNow() < kept.Until)
                {
                    shared(Sharing.Recent);
                    return kept.Result;
                }

                _kept.Remove(key);
            }

            leader = !_inFlight.TryGetValue(key, out flight!);
            if (leader)
            {
                flight = new Flight();
                _inFlight[key] = flight;
            }

            flight.Waiters++;
        }

        shared(leader ? Sharing.Sent : Sharing.InFlight);
        if (leader)
        {
            _ = SendAsync(key, flight, keepFor, send);
        }

        try
        {
            return await flight.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(key, flight);
            throw;
        }
    }

    private async Task SendAsync(QueryKey key, Flight flight, TimeSpan keepFor, Func<CancellationToken, Task<PrometheusQueryResult>> send)
    {
        try
        {
            var result = await send(flight.Abandoned.Token).ConfigureAwait(false);
            Land(key, flight, () => Keep(key, result, keepFor));
            flight.Answer.TrySetResult(result);
        }
        catch (OperationCanceledException) when (flight.Abandoned.IsCancellationRequested)
        {
            Land(key, flight, null);
            flight.Answer.TrySetCanceled(flight.Abandoned.Token);
        }
        catch (Exception ex)
        {
            Land(key, flight, null);
            flight.Answer.TrySetException(ex);
        }
    }

    // The request is over: no read may join it any more; a success may be kept.
    private void Land(QueryKey key, Flight flight, Action? keep)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
            {
                _inFlight.Remove(key);
            }

            keep?.Invoke();
            flight.Landed = true;
        }
    }

    private void Keep(QueryKey key, PrometheusQueryResult result, TimeSpan keepFor)
    {
        if (keepFor <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_kept.Count >= MaxKept)
        {
            foreach (var stale in _kept.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
            {
                _kept.Remove(stale);
            }
        }

        if (_kept.Count < MaxKept)
        {
            _kept[key] = (result, now + keepFor);
        }
    }

    // A waiter that gave up; the last one takes the request with it, and the key is free for a new one. Cancelled
    // outside the lock: the request's cancellation callbacks may run inline and land it.
    private void Leave(QueryKey key, Flight flight)
    {
        lock (_gate)
        {
            flight.Waiters--;
            if (flight.Waiters > 0 || flight.Landed)
            {
                return;
            }

            if (_inFlight.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
            {
                _inFlight.Remove(key);
            }
        }

        flight.Abandoned.Cancel();
    }

    private sealed class Flight
    {
        public TaskCompletionSource<PrometheusQueryResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Never disposed: it has no timer, and a late Cancel must not meet a disposed source.
        public CancellationTokenSource Abandoned { get; } = new();

        public int Waiters { get; set; }

        public bool Landed { get; set; }
    }
}

/// <summary>What makes two instant queries the same request: source, PromQL text, evaluation instant in milliseconds.</summary>
internal readonly record struct QueryKey(string Source, string Query, long UnixMilliseconds);
