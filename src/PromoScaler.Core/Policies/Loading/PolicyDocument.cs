namespace PromoScaler.Core.Policies.Loading;

/// <summary>What reading one YAML document produced, before the checks that span documents and files.</summary>
/// <param name="Policy">The policy, or null when the document has any error.</param>
/// <param name="Name">metadata.name when it was read, for the duplicate-name check even in an invalid document.</param>
/// <param name="Target">spec.target when it was read, for the one-policy-per-target check.</param>
/// <param name="Locations">Where each field path was written (value position); mappings by their first key.</param>
/// <param name="Consumed">
/// The catalog paths (<see cref="PolicyFieldCatalog"/>) of every key the reader asked for, present or not, or ignored
/// on purpose.
/// </param>
internal sealed record PolicyDocument(
    ScalingPolicy? Policy,
    string? Name,
    TargetRef? Target,
    IReadOnlyDictionary<string, SourceLocation> Locations,
    IReadOnlySet<string> Consumed)
{
    /// <summary>spec.hostedBy when it was read, for the checks across documents (the named policy exists, is a VM group, no cycle).</summary>
    public string? HostedBy { get; init; }

    /// <summary>The position of <paramref name="path"/>, else of its nearest parent that was written.</summary>
    public SourceLocation LocationOf(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (Locations.TryGetValue(p, out var location))
            {
                return location;
            }

            if (p.Length == 0)
            {
                return default;
            }
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }
}
