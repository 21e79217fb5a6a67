using PromoScaler.Cloud;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Cli;

/// <summary>
/// Loads policy files as the daemon does: with the target kinds of the adapters the CLI ships (the cloud VM groups)
/// registered first, so <c>validate</c>, <c>preflight</c> and <c>backtest</c> accept exactly what the daemon accepts.
/// </summary>
internal static class CliPolicyLoader
{
    public static PolicyLoadResult LoadPaths(IEnumerable<string> paths, DateTimeOffset now, bool strict = false)
    {
        CloudTargetKinds.Register();
        return PolicyLoader.LoadPaths(paths, now, strict);
    }
}
