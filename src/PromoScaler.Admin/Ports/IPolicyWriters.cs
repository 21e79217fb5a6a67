namespace PromoScaler.Admin.Ports;

/// <summary>
/// Which replica writes a policy. With sharding, a change must be made by the replica holding the policy's shard;
/// the API forwards it there. Without sharding (<see cref="SingleWriter"/>) every change is handled here.
/// </summary>
public interface IPolicyWriters
{
    /// <summary>This replica's name, which every answer of a change names; null when there is only one writer.</summary>
    string? Self { get; }

    /// <summary>
    /// Where a change of <paramref name="policy"/> must be made when another replica is known to hold it; null when
    /// this replica handles it (it holds the policy's shard, or nobody is known to, in which case its own refusal
    /// says why).
    /// </summary>
    WriterLocation? Elsewhere(string policy);
}

/// <summary>The replica that writes a policy, as this replica last saw it.</summary>
/// <param name="Holder">Its name.</param>
/// <param name="AdminUrl">Where its admin API answers (as it advertised it); null when it advertised none.</param>
/// <param name="Why">Why it is the writer, in words (<c>shard 2 is held by replica-b</c>).</param>
public sealed record WriterLocation(string Holder, Uri? AdminUrl, string Why);

/// <summary>One replica writes everything: nothing is forwarded.</summary>
public sealed class SingleWriter : IPolicyWriters
{
    public string? Self => null;

    public WriterLocation? Elsewhere(string policy) => null;
}

/// <summary>Counts forwarded changes by outcome (the daemon exports them on <c>/metrics</c>).</summary>
public interface IForwardingMetrics
{
    /// <summary>One change forwarded, or refused for forwarding, with its outcome (a <see cref="Forwarding.ForwardOutcome"/> name).</summary>
    void Forwarded(string outcome);
}
