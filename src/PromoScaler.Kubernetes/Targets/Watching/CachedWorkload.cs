namespace PromoScaler.Kubernetes.Targets.Watching;

/// <summary>
/// What the watch cache keeps of a Deployment or StatefulSet: the counts a tick observes, its version and uid, and the
/// versions it had before (newest last), so a target can tell whether the cache has caught up with a version it saw.
/// </summary>
internal sealed record CachedWorkload(int? Spec, int? Status, int? Ready, string ResourceVersion, string? Uid, IReadOnlyList<string> Earlier)
{
    /// <summary>Earlier versions kept per object.</summary>
    public const int EarlierKept = 16;

    /// <summary>True when this is <paramref name="version"/> or came after it.</summary>
    public bool HasSeen(string version) => ResourceVersion == version || Earlier.Contains(version);

    /// <summary>The next state of the object, remembering this one's version.</summary>
    public CachedWorkload Then(CachedWorkload next) =>
        next with { Earlier = [.. Earlier.Append(ResourceVersion).TakeLast(EarlierKept)] };
}

/// <summary>The answer of the cache for one target: the object, or why a GET is needed; and how old the cache is.</summary>
/// <param name="Hit">The object, when the cache may be used.</param>
/// <param name="Miss">Why not: <c>cacheStale</c> (older than MaxAge), <c>cacheDown</c> (not listed yet, or the watch failed), <c>cacheBehind</c>, <c>notCached</c>.</param>
/// <param name="Age">Since the watch last proved the cache current; null before the first list.</param>
internal readonly record struct CacheLookup(CachedWorkload? Hit, string? Miss, TimeSpan? Age);
