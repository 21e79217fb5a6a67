using System.Runtime.CompilerServices;
using PromoScaler.Cloud;

namespace PromoScaler.Core.Tests;

/// <summary>The cloud adapter's target kinds, registered before any test loads a policy, as the daemon and the CLI register them.</summary>
internal static class AdapterTargetKinds
{
#pragma warning disable CA2255 // A test assembly, not a library: its tests load VM group policies without a host to compose them.
    [ModuleInitializer]
    internal static void Register() => CloudTargetKinds.Register();
#pragma warning restore CA2255
}
