using PromoScaler.Core.Engine;

namespace PromoScaler.Admin.Contracts;

/// <summary>The API's names of the override kinds, as the spec writes them.</summary>
public static class OverrideKinds
{
    private static readonly (OverrideKind Kind, string Name)[] Names =
    [
        (OverrideKind.Pin, "pin"),
        (OverrideKind.Floor, "floor"),
        (OverrideKind.Ceiling, "ceiling"),
        (OverrideKind.FreezeScaleDown, "freezeScaleDown"),
        (OverrideKind.FreezeScaleUp, "freezeScaleUp"),
    ];

    /// <summary>Every name, for messages.</summary>
    public static string All { get; } = string.Join(", ", Names.Select(n => n.Name));

    public static string Name(OverrideKind kind) => Names.First(n => n.Kind == kind).Name;

    public static bool TryParse(string? text, out OverrideKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Pin, floor and ceiling carry a count; the freezes do not.</summary>
    public static bool TakesReplicas(OverrideKind kind) => kind is OverrideKind.Pin or OverrideKind.Floor or OverrideKind.Ceiling;
}
