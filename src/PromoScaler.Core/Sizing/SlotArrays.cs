namespace PromoScaler.Core.Sizing;

/// <summary>Arrays indexed by ring slot that grow with the samples, so a new calibration window costs little.</summary>
internal static class SlotArrays
{
    private const int FirstLength = 64;

    /// <summary>
    /// <paramref name="array"/> if it has index <paramref name="index"/>, else a copy at least twice as long (at least
    /// 64, at most <paramref name="capacity"/>), its new elements set to <paramref name="fill"/>.
    /// </summary>
    public static T[] Grown<T>(T[] array, int index, int capacity, T fill = default!)
    {
        if (index < array.Length)
        {
            return array;
        }

        var length = Math.Min(capacity, Math.Max(index + 1, Math.Max(FirstLength, array.Length * 2)));
        var grown = new T[length];
        array.CopyTo(grown, 0);
        grown.AsSpan(array.Length).Fill(fill);
        return grown;
    }
}
