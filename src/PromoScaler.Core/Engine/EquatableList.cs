using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PromoScaler.Core.Engine;

/// <summary>Makes <see cref="EquatableList{T}"/>s.</summary>
public static class EquatableList
{
    /// <summary><paramref name="items"/> as an equatable list (the same instance when it already is one); null stays null.</summary>
    [return: NotNullIfNotNull(nameof(items))]
    public static EquatableList<T>? Of<T>(IEnumerable<T>? items) => items switch
    {
        null => null,
        EquatableList<T> list => list,
        _ => new([.. items]),
    };
}

/// <summary>
/// A read-only list equal to another with the same items in the same order. A record holding its lists as these gets
/// whole-value equality from the compiler: a field added later takes part without anyone writing a comparison.
/// </summary>
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items;

    internal EquatableList(T[] items) => _items = items;

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(EquatableList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items));

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
