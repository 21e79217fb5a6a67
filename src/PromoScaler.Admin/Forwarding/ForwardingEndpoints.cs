using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PromoScaler.Admin.Forwarding;

/// <summary>Marks an endpoint of one policy as one that goes to the replica holding its policy's shard.</summary>
internal static class ForwardingEndpoints
{
    /// <summary>
    /// Forwards the change when another replica holds the policy (<see cref="ForwardToWriterFilter"/>); adds the two
    /// answers only forwarding gives: 502 (the holder's answer broke off) and 504 (none in time), both with the
    /// change's outcome unknown.
    /// </summary>
    public static RouteHandlerBuilder ForwardsToWriter(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ForwardToWriterFilter>()
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    /// <summary>
    /// Forwards a read of one policy to the replica holding it, whose decisions and intent are fresh; when it cannot
    /// be, the read is answered here, so a read answers exactly what it answers without sharding.
    /// </summary>
    public static RouteHandlerBuilder ReadsFromWriter(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ForwardToWriterFilter>();
}

/// <summary>No counter: the admin API hosted without the daemon's metrics.</summary>
internal sealed class UncountedForwarding : Ports.IForwardingMetrics
{
    public void Forwarded(string outcome)
    {
        // Nothing to count into.
    }
}
