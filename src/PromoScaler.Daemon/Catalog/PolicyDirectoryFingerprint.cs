using System.Security.Cryptography;
using System.Text;

namespace PromoScaler.Daemon.Catalog;

/// <summary>
/// A hash of the policy files' names and contents, to tell whether a directory changed. Contents, not timestamps: a
/// mounted ConfigMap changes by swapping its <c>..data</c> symlink, which leaves the visible files' own times alone.
/// </summary>
internal static class PolicyDirectoryFingerprint
{
    public static string Of(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            // The same files the loader picks: *.yaml and *.yml directly in the directory (the ConfigMap's
            // ..data and timestamped folders are directories and are not listed).
            foreach (var file in Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
                hash.AppendData(ReadOrMark(file));
                hash.AppendData("\0"u8);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("unreadable directory: " + ex.Message));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] ReadOrMark(string file)
    {
        // A named pipe would block the watcher for good; the loader reports it as an error.
        if (Core.IO.RegularFile.Problem(file) is { } problem)
        {
            return Encoding.UTF8.GetBytes("not a file: " + problem);
        }

        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Encoding.UTF8.GetBytes("unreadable: " + ex.Message);
        }
    }
}
