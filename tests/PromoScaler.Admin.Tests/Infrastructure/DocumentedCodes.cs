using System.Text.RegularExpressions;

namespace PromoScaler.Admin.Tests.Infrastructure;

/// <summary>The status codes docs/admin-api.md lists for each route, read from its endpoint table.</summary>
public static partial class DocumentedCodes
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<int>>> Table = new(Read);

    /// <summary>Route (<c>PUT /api/v1/policies/{policy}/prewarms/{name}</c>, query left out) to its codes.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<int>> ByRoute => Table.Value;

    public static IReadOnlySet<int> For(string route) =>
        ByRoute.TryGetValue(route, out var codes) ? codes : throw new InvalidOperationException($"docs/admin-api.md has no row for {route}");

    private static Dictionary<string, IReadOnlySet<int>> Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "docs", "admin-api.md");
        var table = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (Row().Match(line) is { Success: true } row)
            {
                var codes = row.Groups["codes"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))
                    .ToHashSet();
                table.Add($"{row.Groups["method"].Value} {row.Groups["path"].Value}", codes);
            }
        }

        return table;
    }

    // | `PUT /api/v1/policies/{policy}/prewarms/{name}?replace=true` | ci | 200, 201, 400, ... | what |
    [GeneratedRegex(@"^\| `(?<method>GET|POST|PUT|DELETE) (?<path>/api/[^`?]*)(\?[^`]*)?` \| [^|]+ \| (?<codes>[0-9, ]+) \|")]
    private static partial Regex Row();
}
