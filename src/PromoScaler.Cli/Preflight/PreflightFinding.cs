namespace PromoScaler.Cli.Preflight;

/// <summary>A limit that would hold a pre-warm below its floor.</summary>
/// <param name="Limit">What limits it: <c>maxReplicas</c>, <c>group MaxSize</c>.</param>
/// <param name="Value">The limit's value.</param>
/// <param name="Short">By how much the floor is missed (floor - value).</param>
internal sealed record PreflightBlock(string Limit, int Value, int Short);

/// <summary>One pre-warm occurrence in the window and whether its target can reach the floor.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Target">The target, as shown everywhere.</param>
/// <param name="Window">The pre-warm window's name.</param>
/// <param name="Start">The sale start of this occurrence.</param>
/// <param name="ActiveFrom">start - lead: the floor applies from here.</param>
/// <param name="Floor">The full floor (null for a multiplier window: it depends on the baseline then).</param>
/// <param name="Reachable">What the target would run at most: the floor bounded by every limit (null with <paramref name="Floor"/>).</param>
/// <param name="Blocks">The limits below the floor; empty when the floor is reachable.</param>
/// <param name="Notes">What was not checked or does not block (a budget the floor exceeds, an unreadable group).</param>
internal sealed record PreflightFinding(
    string Policy,
    string Target,
    string Window,
    DateTimeOffset Start,
    DateTimeOffset ActiveFrom,
    int? Floor,
    int? Reachable,
    IReadOnlyList<PreflightBlock> Blocks,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when some limit would clip the floor.</summary>
    public bool Clipped => Blocks.Count > 0;
}

/// <summary>What preflight learnt of a VM group: its MaxSize, or why it could not be read.</summary>
internal sealed record GroupLimit(int? MaxSize, string? Problem);
