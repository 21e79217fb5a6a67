namespace PromoScaler.Core.Policies;

/// <summary>
/// The target kinds beyond Kubernetes' own that the policy loader accepts, registered by their adapters when the
/// host composes them (as <c>Encoding.RegisterProvider</c> adds code pages): the cloud adapter registers its VM group
/// kinds, so a new provider needs no change to the core. Registration is idempotent; a kind is never removed.
/// </summary>
public static class TargetKinds
{
    private static readonly Lock Gate = new();
    private static volatile VmGroupKind[] _vmGroups = [];

    /// <summary>The registered VM group kinds, in registration order (the order messages list them).</summary>
    public static IReadOnlyList<VmGroupKind> VmGroups => _vmGroups;

    /// <summary>Adds <paramref name="kind"/>; registering an equal description again does nothing.</summary>
    /// <exception cref="InvalidOperationException">Another description, or a Kubernetes kind, has that name.</exception>
    public static void Register(VmGroupKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (Gate)
        {
            if (TargetKind.Kubernetes.Contains(kind.Kind))
            {
                throw new InvalidOperationException($"{kind.Name} is a Kubernetes kind");
            }

            if (Array.Find(_vmGroups, k => k.Name == kind.Name) is { } known)
            {
                if (known != kind)
                {
                    throw new InvalidOperationException($"another description of target kind {kind.Name} is registered");
                }

                return;
            }

            _vmGroups = [.. _vmGroups, kind];
        }
    }

    /// <summary>The VM group kind named <paramref name="name"/>; null when none is registered.</summary>
    public static VmGroupKind? FindVmGroup(string name) => Array.Find(_vmGroups, k => k.Name == name);
}
