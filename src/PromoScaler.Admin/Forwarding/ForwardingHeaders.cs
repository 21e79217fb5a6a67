namespace PromoScaler.Admin.Forwarding;

/// <summary>The headers of a change forwarded to the replica holding the policy's shard.</summary>
public static class ForwardingHeaders
{
    /// <summary>
    /// On a forwarded request: the replica that forwarded it. A replica that receives a change carrying it never
    /// forwards it again (it answers 503 naming the holder), so two replicas that disagree on the holder cannot loop.
    /// </summary>
    public const string ForwardedBy = "X-PromoScaler-Forwarded-By";

    /// <summary>On the answer of a change: the replica that handled it (the holder, when it was forwarded).</summary>
    public const string AnsweredBy = "X-PromoScaler-Answered-By";
}

/// <summary>How a change that belongs to another replica ended here: the <c>outcome</c> label of the forwarding counter.</summary>
public static class ForwardOutcome
{
    /// <summary>The holder answered (whatever its status); its answer was returned as is.</summary>
    public const string Answered = "answered";

    /// <summary>The request had been forwarded already: refused with 503 rather than forwarded again.</summary>
    public const string HopRefused = "hopRefused";

    /// <summary>The holder advertised no admin URL: 503, nothing sent.</summary>
    public const string NoAddress = "noAddress";

    /// <summary>No connection could be made to the holder: 503, nothing sent.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>Calls to the holder kept failing, so none is tried for a while: 503, nothing sent.</summary>
    public const string CircuitOpen = "circuitOpen";

    /// <summary>Sent, but no answer within <c>Admin:Api:ForwardTimeout</c>: 504, the outcome unknown.</summary>
    public const string Timeout = "timeout";

    /// <summary>Sent, but the connection broke or the answer was not usable HTTP: 502, the outcome unknown.</summary>
    public const string Failed = "failed";
}
