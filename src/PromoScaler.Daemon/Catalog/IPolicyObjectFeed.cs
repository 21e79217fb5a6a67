using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Daemon.Catalog;

/// <summary>The ScalingPolicy objects the catalog loads besides (or instead of) its files.</summary>
public interface IPolicyObjectFeed
{
    /// <summary>The objects now.</summary>
    IReadOnlyCollection<PolicyObject> Objects { get; }

    /// <summary>True once every watched namespace was listed once.</summary>
    bool Synced { get; }

    /// <summary>Raised after <see cref="Objects"/> changed.</summary>
    event Action? Changed;
}

/// <summary>What the catalog made of one ScalingPolicy object at its last reload.</summary>
/// <param name="Source">The object as read.</param>
/// <param name="Errors">Its errors (<c>field: message</c>, as <c>validate</c> words them); empty when valid.</param>
/// <param name="RunningGeneration">The generation of the version now running (this one when valid, else the last good one); null when none runs.</param>
public sealed record ObjectVerdict(PolicyObject Source, IReadOnlyList<string> Errors, long? RunningGeneration)
{
    /// <summary>True when this version of the object is valid.</summary>
    public bool Valid => Errors.Count == 0;
}
