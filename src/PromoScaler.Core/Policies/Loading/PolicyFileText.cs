using System.Text;

namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// Reads a policy file's text, untrusted: a file over <see cref="PolicyLimits.MaxFileBytes"/> is refused before it
/// is read, so is anything but a regular file (a named pipe would block the read forever), and bytes that are not
/// UTF-8 are an error at their line instead of being replaced silently.
/// </summary>
internal static class PolicyFileText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="file"/>, or null with <paramref name="error"/> saying why not.</summary>
    public static string? Read(string file, out PolicyDiagnostic? error)
    {
        error = null;
        if (IO.RegularFile.Problem(file) is { } problem)
        {
            error = Error(file, 0, problem);
            return null;
        }

        try
        {
            var length = new FileInfo(file).Length;
            if (length > PolicyLimits.MaxFileBytes)
            {
                error = Error(file, 1, $"is {length} bytes, above the limit of {PolicyLimits.MaxFileBytes} bytes (1 MiB) for a policy file");
                return null;
            }

            return Decode(file, File.ReadAllBytes(file), out error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            error = Error(file, 0, $"cannot be read: {ex.Message}");
            return null;
        }
    }

    /// <summary>UTF-8 (a byte order mark is allowed and dropped); null with a positioned error for any invalid byte.</summary>
    public static string? Decode(string file, byte[] bytes, out PolicyDiagnostic? error)
    {
        error = null;
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        var start = bytes.AsSpan().StartsWith(byteOrderMark) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(start + ex.Index, 0, bytes.Length);
            var line = 1 + bytes.AsSpan(0, at).Count((byte)'\n');
            var column = at - (bytes.AsSpan(0, at).LastIndexOf((byte)'\n') + 1) + 1;
            error = Error(file, line, $"is not UTF-8 text: byte 0x{bytes[Math.Min(at, bytes.Length - 1)]:X2} at column {column}; save the file as UTF-8", column);
            return null;
        }
    }

    private static PolicyDiagnostic Error(string file, int line, string message, int column = 1) =>
        new(DiagnosticSeverity.Error, new SourceLocation(file, line, line == 0 ? 0 : column), "", message);
}
