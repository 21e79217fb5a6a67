namespace PromoScaler.Kubernetes.ApiServer.Faults;

/// <summary>The faults in force; the first matching rule with uses left applies to a request.</summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<InjectedFault> faults = [];

    /// <summary>Adds <paramref name="rule"/>; the returned handle counts the requests it hit.</summary>
    public InjectedFault Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var fault = new InjectedFault(rule);
        lock (gate)
        {
            faults.Add(fault);
        }

        return fault;
    }

    /// <summary>Answers <paramref name="statusCode"/> to <paramref name="method"/> on <paramref name="path"/> (<paramref name="times"/> times; null for always).</summary>
    public InjectedFault Fail(string method, string path, int statusCode, int? times = null, int retryAfterSeconds = 1) =>
        Add(new FaultRule { Method = method, Path = path, StatusCode = statusCode, Times = times, RetryAfterSeconds = retryAfterSeconds });

    /// <summary>Delays <paramref name="method"/> on <paramref name="path"/> by <paramref name="latency"/>, then serves it normally.</summary>
    public InjectedFault Delay(string method, string path, TimeSpan latency, int? times = null) =>
        Add(new FaultRule { Method = method, Path = path, Latency = latency, Times = times });

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    internal FaultRule? Take(string method, string path)
    {
        lock (gate)
        {
            foreach (var fault in faults)
            {
                if (fault.Rule.Matches(method, path) && (fault.Rule.Times is null || fault.Hits < fault.Rule.Times))
                {
                    fault.Hits++;
                    return fault.Rule;
                }
            }

            return null;
        }
    }
}

/// <summary>A fault in force and how many requests it has hit.</summary>
public sealed class InjectedFault(FaultRule rule)
{
    /// <summary>The rule.</summary>
    public FaultRule Rule { get; } = rule;

    /// <summary>Requests it applied to so far.</summary>
    public int Hits { get; internal set; }
}
