namespace PromoScaler.Core.Policies;

/// <summary>
/// The known name a misspelt one most likely meant, for "did you mean" hints: the closest by edit distance
/// (case ignored), within two edits. Policy files and the admin API's request bodies suggest with this one rule.
/// </summary>
public static class NearestName
{
    /// <summary>How many edits a suggestion may be away.</summary>
    public const int MaxDistance = 2;

    /// <summary>The closest of <paramref name="known"/> to <paramref name="name"/>, or null when none is near.</summary>
    public static string? Of(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);

        // A name far longer than any known one cannot be within two edits: skip the quadratic work.
        var upper = name.Length > 256 ? null : name.ToUpperInvariant();
        return upper is null ? null : known
            .Select(k => (Key: k, Distance: EditDistance(k.ToUpperInvariant(), upper)))
            .Where(x => x.Distance <= MaxDistance)
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Key)
            .FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
