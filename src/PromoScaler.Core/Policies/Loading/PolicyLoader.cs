using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Policies.Loading.Yaml;
using PromoScaler.Core.Policies.Validation;

namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// Loads <c>ScalingPolicy</c> files strictly and all or nothing (spec, "Loading rules"): every error in every
/// file is collected with <c>file:line:col field.path</c>; any error means no policy at all is returned.
/// The daemon and <c>promoscaler validate</c> both load through here, so they accept exactly the same files.
/// </summary>
public static class PolicyLoader
{
    /// <summary>
    /// Loads files and directories. A directory contributes its <c>*.yaml</c> and <c>*.yml</c> files (not its
    /// subdirectories) in ordinal name order; each file is reported under the path as given, joined with the
    /// file name for a directory.
    /// </summary>
    /// <param name="paths">Files or directories.</param>
    /// <param name="now">The evaluation instant, for "a one-off window that has already ended".</param>
    /// <param name="strict">Warnings become errors (<c>--strict</c>).</param>
    public static PolicyLoadResult LoadPaths(IEnumerable<string> paths, DateTimeOffset now, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var diagnostics = new List<PolicyDiagnostic>();
        var sources = new List<PolicySource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var file in Expand(path, diagnostics))
            {
                if (!seen.Add(Path.GetFullPath(file)))
                {
                    continue;
                }

                if (PolicyFileText.Read(file, out var error) is { } text)
                {
                    sources.Add(new PolicySource(file, text));
                }
                else
                {
                    diagnostics.Add(error!);
                }
            }
        }

        return Load(sources, now, strict, diagnostics);
    }

    /// <summary>Loads texts as if each were a file (tests, admin API uploads). Never throws for any text; a failed load has an error with a line of at least 1.</summary>
    public static PolicyLoadResult LoadText(IEnumerable<PolicySource> sources, DateTimeOffset now, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return Load(sources, now, strict, []);
    }

    /// <summary>Loads one text as file <paramref name="fileName"/>.</summary>
    public static PolicyLoadResult LoadText(string fileName, string content, DateTimeOffset now, bool strict = false) =>
        LoadText([new PolicySource(fileName, content)], now, strict);

    private static PolicyLoadResult Load(IEnumerable<PolicySource> sources, DateTimeOffset now, bool strict, List<PolicyDiagnostic> diagnostics)
    {
        var documents = new List<PolicyDocument>();
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            fileOrder.TryAdd(source.FileName, fileOrder.Count);
            if (source.Content.Length > PolicyLimits.MaxFileBytes)
            {
                diagnostics.Add(Error(source.FileName, 1, 1, $"is {source.Content.Length} characters, above the limit of {PolicyLimits.MaxFileBytes} (1 MiB) for a policy file"));
                continue;
            }

            var content = YamlTreeReader.Read(source.Content);
            foreach (var root in content.Documents)
            {
                documents.Add(PolicyDocumentReader.Read(source.FileName, root, diagnostics));
            }

            if (content.SyntaxError is { } syntax)
            {
                diagnostics.Add(Error(source.FileName, syntax.Line, syntax.Column, $"invalid YAML: {syntax.Message}"));
            }
            else if (content.Documents.Count == 0)
            {
                // An empty file (or only comments, "---", a stray byte) is a mistake, not a valid set of no policies.
                diagnostics.Add(Error(source.FileName, 1, 1, $"holds no {PolicyDocumentReader.Kind} document"));
            }
        }

        diagnostics.AddRange(PolicySetRules.Check(documents));
        diagnostics.AddRange(HostingRules.Check(documents));
        foreach (var document in documents.Where(d => d.Policy is not null))
        {
            // The warnings compute with the windows' instants: only once those are known to be representable.
            var windows = PolicyWindowRules.Check(document, now).ToList();
            diagnostics.AddRange(windows);
            if (!windows.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                diagnostics.AddRange(PolicyWarningRules.Check(document, now));
            }
        }

        if (strict)
        {
            diagnostics = [.. diagnostics.Select(d => d with { Severity = DiagnosticSeverity.Error })];
        }

        // Stable order for people and golden files: by file as given, then position.
        var ordered = diagnostics
            .OrderBy(d => fileOrder.GetValueOrDefault(d.Location.File, -1))
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
        var failed = ordered.Any(d => d.Severity == DiagnosticSeverity.Error);
        // Nodes before pods: each VM group carries the node pre-warms its hosted pod policies imply.
        IReadOnlyList<ScalingPolicy> policies = failed ? [] : HostingCatalog.Link([.. documents.Select(d => d.Policy!)]);
        return new PolicyLoadResult(policies, ordered);
    }

    private static List<string> Expand(string path, List<PolicyDiagnostic> diagnostics)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            diagnostics.Add(FileError(path, "no such file or directory"));
            return [];
        }

        var files = Directory.EnumerateFiles(path)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            diagnostics.Add(FileError(path, "directory holds no *.yaml or *.yml file"));
        }

        return files;
    }

    private static PolicyDiagnostic Error(string file, int line, int column, string message) =>
        new(DiagnosticSeverity.Error, new SourceLocation(file, line, column), "", message);

    private static PolicyDiagnostic FileError(string file, string message) =>
        new(DiagnosticSeverity.Error, new SourceLocation(file, 0, 0), "", message);
}
