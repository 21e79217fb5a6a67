using System.Text;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// Reads the <c>--config</c> file into configuration keys with their positions. YAML goes through the policy
/// loader's reader (positions, nesting and size limits, syntax errors with <c>file:line:col</c>); JSON through
/// <see cref="JsonConfigurationFile"/>. Every problem is collected; none throws.
/// </summary>
internal static class ConfigurationFileReader
{
    /// <summary>Largest configuration file: 1 MiB (a real one is a few kilobytes).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="file"/> (<c>.yaml</c>, <c>.yml</c> or <c>.json</c>).</summary>
    public static ConfigurationFileContent Read(string file)
    {
        var content = new ConfigurationFileContent(file);
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is not (".json" or ".yaml" or ".yml"))
        {
            return Unusable(content, $"--config {file}: unknown format; use .yaml, .yml or .json");
        }

        if (Text(file, content) is not { } text)
        {
            return content;
        }

        if (extension == ".json")
        {
            JsonConfigurationFile.Read(text, content);
        }
        else
        {
            ReadYaml(text, content);
        }

        return content;
    }

    /// <summary>Reads YAML <paramref name="text"/> into <paramref name="content"/> (tests call it with text).</summary>
    public static void ReadYaml(string text, ConfigurationFileContent content)
    {
        var stream = YamlTreeReader.Read(text);
        if (stream.SyntaxError is { } syntax)
        {
            content.Error(new(syntax.Line, syntax.Column), $"invalid YAML: {syntax.Message}");
            content.Unusable = true;
            return;
        }

        if (stream.Documents.Count > 1)
        {
            content.Error(new(stream.Documents[1].Line, stream.Documents[1].Column), "a second YAML document; the configuration is one document");
            content.Unusable = true;
            return;
        }

        switch (stream.Documents.Count == 0 ? null : stream.Documents[0])
        {
            case null:
                return;
            case YamlMapping root:
                Flatten(root, "", content);
                return;
            case var other:
                content.Error(new(other.Line, other.Column), "the configuration must be a mapping of sections (Policies:, Prometheus:, ...)");
                content.Unusable = true;
                return;
        }
    }

    private static void Flatten(YamlMapping mapping, string prefix, ConfigurationFileContent content)
    {
        if (mapping.Entries.Count == 0 && prefix.Length > 0)
        {
            content.Values[prefix] = null;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (key.Type == YamlScalarType.Null || key.Value.Contains(':', StringComparison.Ordinal) || key.Value == "<complex key>")
            {
                content.Error(new(key.Line, key.Column), $"{(prefix.Length == 0 ? "" : prefix + ": ")}a key must be a name without ':'");
                continue;
            }

            Node(value, prefix.Length == 0 ? key.Value : $"{prefix}:{key.Value}", new(key.Line, key.Column), content);
        }
    }

    private static void Node(YamlNode node, string path, ConfigurationPosition keyAt, ConfigurationFileContent content)
    {
        switch (node)
        {
            case YamlScalar scalar:
                content.Add(path, scalar.Type == YamlScalarType.Null ? null : scalar.Value, keyAt, new(scalar.Line, scalar.Column));
                break;
            case YamlMapping mapping when content.AddSection(path, keyAt):
                Flatten(mapping, path, content);
                break;
            case YamlSequence sequence when content.AddSection(path, keyAt):
                if (sequence.Items.Count == 0)
                {
                    content.Values[path] = null;
                }

                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    Node(item, $"{path}:{i}", new(item.Line, item.Column), content);
                }

                break;
        }
    }

    private static string? Text(string file, ConfigurationFileContent content)
    {
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            Unusable(content, $"--config {file}: no such file");
            return null;
        }

        if (Core.IO.RegularFile.Problem(file) is { } problem)
        {
            Unusable(content, $"--config {file}: {problem}");
            return null;
        }

        try
        {
            var length = new FileInfo(file).Length;
            if (length > MaxFileBytes)
            {
                Unusable(content, $"--config {file}: is {length} bytes, above the limit of {MaxFileBytes} bytes (1 MiB) for a configuration file");
                return null;
            }

            var bytes = File.ReadAllBytes(file);
            ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
            var start = bytes.AsSpan().StartsWith(byteOrderMark) ? 3 : 0;
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            Unusable(content, $"--config {file}: is not UTF-8 text; save the file as UTF-8");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            Unusable(content, $"--config {file}: cannot be read: {ex.Message}");
        }

        return null;
    }

    private static ConfigurationFileContent Unusable(ConfigurationFileContent content, string message)
    {
        content.Errors.Add(message);
        content.Unusable = true;
        return content;
    }
}
