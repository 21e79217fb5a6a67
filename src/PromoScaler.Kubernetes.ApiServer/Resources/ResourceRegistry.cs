using System.Collections.Concurrent;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>The resources the server serves: the built-in ones and the custom resources a test registers.</summary>
internal sealed class ResourceRegistry
{
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), ResourceType> types = new();

    public ResourceRegistry()
    {
        foreach (var type in BuiltInResources.All)
        {
            Register(type);
        }
    }

    public void Register(ResourceType type) => types[(type.Group, type.Version, type.Plural)] = type;

    public bool Unregister(string group, string version, string plural) => types.TryRemove((group, version, plural), out _);

    /// <summary>Every resource served, in a stable order (group, version, plural).</summary>
    public IReadOnlyList<ResourceType> All =>
        [.. types.Values.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Version, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal)];

    public ResourceType? Find(string group, string version, string plural) =>
        types.TryGetValue((group, version, plural), out var type) ? type : null;
}
