namespace PromoScaler.Cli.Demo;

/// <summary>
/// The <c>alias promoscaler=...</c> the demo prints for a second terminal: the very build that runs the demo (its
/// apphost, or <c>dotnet</c> with its assembly), so the first client call starts at once instead of building a Debug
/// copy through <c>dotnet run</c>.
/// </summary>
internal static class ClientAlias
{
    /// <summary>The alias line for this process.</summary>
    public static string Line() => Line(typeof(ClientAlias).Assembly.Location, Environment.ProcessPath);

    /// <summary>
    /// The alias for the assembly at <paramref name="assembly"/> (empty in a single-file app) run by
    /// <paramref name="processPath"/>: the apphost beside the assembly when there is one, the single-file executable,
    /// else <c>dotnet ASSEMBLY</c>.
    /// </summary>
    internal static string Line(string assembly, string? processPath)
    {
        string command;
        if (assembly.Length == 0)
        {
            command = Quote(processPath ?? "promoscaler");
        }
        else
        {
            var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly) + (OperatingSystem.IsWindows() ? ".exe" : ""));
            command = File.Exists(apphost) ? Quote(apphost) : "dotnet " + Quote(assembly);
        }

        return $"alias promoscaler='{command}'";
    }

    // Inside the alias's single quotes: a path with a space or a quote is double-quoted, a single quote closed and reopened.
    private static string Quote(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`' or '\\')
            ? "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal).Replace("'", "'\\''", StringComparison.Ordinal) + "\""
            : path;
}
