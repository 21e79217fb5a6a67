using System.Collections.Frozen;

namespace PromoScaler.Admin.WebConsole;

/// <summary>
/// The console's static files, embedded in the assembly at build time (no Node, no file system at run time), and
/// the reason documentation rendered once.
/// </summary>
internal static class ConsoleAssets
{
    private const string Prefix = "PromoScaler.Admin.WebConsole.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    private static readonly Lazy<string> Reasons = new(() => ReasonsPage.Render(Text("reasons.md")));

    private static readonly Lazy<string> Index = new(() => Text("index.html"));

    /// <summary>The file named <paramref name="name"/> (<c>console.js</c>, <c>vendor/uPlot.iife.min.js</c>) and its type; null when there is none.</summary>
    public static (byte[] Content, string ContentType)? Find(string name)
    {
        var key = name.Replace('/', '.');
        return Files.Value.TryGetValue(key, out var content) && ContentTypes.TryGetValue(Path.GetExtension(key), out var type)
            ? (content, type)
            : null;
    }

    /// <summary>The reason codes page (docs/reasons.md as HTML).</summary>
    public static string ReasonsHtml => Reasons.Value;

    /// <summary>The one page every console address serves (decoded once, not per request).</summary>
    public static string IndexHtml => Index.Value;

    /// <summary>A text asset (UTF-8).</summary>
    private static string Text(string name) => System.Text.Encoding.UTF8.GetString(
        Files.Value.TryGetValue(name.Replace('/', '.'), out var content) ? content : throw new InvalidOperationException($"the console asset {name} is missing from the assembly"));

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
