using System.Globalization;
using System.Text.RegularExpressions;

namespace PromoScaler.Admin.Security;

/// <summary>
/// Reads the token file (or a Kubernetes Secret mounted as a file): one token per line, <c>NAME ROLE sha256:HEX</c>,
/// where HEX is the SHA-256 of the token text (<c>printf %s "$TOKEN" | sha256sum</c>). Blank lines and lines starting
/// with <c>#</c> are ignored. Secrets in clear are refused, so the file can be read by more people than the tokens.
/// Every error is collected with file:line:col; an invalid file loads nothing.
/// </summary>
public static partial class TokenFile
{
    private const string HashPrefix = "sha256:";

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="TokenFileException">The file cannot be read or has errors.</exception>
    public static IReadOnlyList<AccessToken> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            if (Core.IO.RegularFile.Problem(path) is { } problem)
            {
                throw new TokenFileException($"{path}: cannot read the token file: it {problem}");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new TokenFileException($"{path}: cannot read the token file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses the content of a token file; <paramref name="origin"/> names it in messages.</summary>
    /// <exception cref="TokenFileException">The content has errors (all of them are listed).</exception>
    // Long on purpose: one line's three fields checked in order, every error collected with its line:col; the per-line state (duplicates) is shared.
    public static IReadOnlyList<AccessToken> Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<AccessToken>();
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var fields = FieldPattern().Matches(line);
            string At(int field) => $"{origin}:{i + 1}:{(field < fields.Count ? fields[field].Index : line.Length) + 1}";
            if (fields.Count != 3)
            {
                errors.Add($"{At(Math.Min(fields.Count, 3))}: expected 'NAME ROLE sha256:HEX', found {fields.Count} field(s)");
                continue;
            }

            var name = fields[0].Value;
            if (!NamePattern().IsMatch(name))
            {
                errors.Add($"{At(0)}: name: '{name}' must be 1-63 characters of a-z, 0-9, '-', '.', '_' or '@'");
            }
            else if (!names.Add(name))
            {
                errors.Add($"{At(0)}: name: '{name}' appears twice");
            }

            var role = fields[1].Value;
            TokenRole? parsedRole = role switch
            {
                "viewer" => TokenRole.Viewer,
                "ci" => TokenRole.Ci,
                "operator" => TokenRole.Operator,
                _ => null,
            };
            if (parsedRole is null)
            {
                errors.Add($"{At(1)}: role: '{role}' is not one of viewer, ci, operator");
            }

            var hash = fields[2].Value;
            byte[]? digest = null;
            if (!hash.StartsWith(HashPrefix, StringComparison.Ordinal) || hash.Length != HashPrefix.Length + 64
                || !TryHex(hash.AsSpan(HashPrefix.Length), out digest))
            {
                // The field is not echoed: if someone pasted a token in clear here, it must not reach a log.
                errors.Add($"{At(2)}: hash: expected sha256: followed by 64 hex digits (the SHA-256 of the token, never the token itself)");
            }
            else if (!hashes.Add(hash.ToLowerInvariant()))
            {
                errors.Add($"{At(2)}: hash: the same token is listed twice");
            }

            if (errors.Count == 0 && parsedRole is { } r && digest is not null)
            {
                tokens.Add(new AccessToken(name, r, digest));
            }
        }

        if (errors.Count > 0)
        {
            throw new TokenFileException(string.Join(Environment.NewLine, errors));
        }

        if (tokens.Count == 0)
        {
            throw new TokenFileException($"{origin}: the token file lists no token");
        }

        return tokens;
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^[a-z0-9@._-]{1,63}$")]
    private static partial Regex NamePattern();
}
