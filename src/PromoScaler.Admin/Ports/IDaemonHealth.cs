namespace PromoScaler.Admin.Ports;

/// <summary>The daemon's health as a whole: the same answer <c>/readyz</c> gives, for the API and the CLI.</summary>
public interface IDaemonHealth
{
    /// <summary>Every reason the daemon is not ready (empty when it is), and what is wrong without making it unready.</summary>
    (IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings) Now();

    /// <summary>What is worth knowing about the daemon that is neither a problem nor a warning (with sharding: who holds which shard).</summary>
    IReadOnlyList<string> Notes() => [];
}
