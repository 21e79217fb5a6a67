using System.Security.Cryptography;
using System.Text;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.State;

/// <summary>
/// The state document in one local file. A write goes to a temporary file in the same directory, is flushed to disk
/// (fsync), then renamed over the old file: a crash leaves either the old document or the new one, never half of
/// one. The version is the SHA-256 of the file's bytes, so a second writer is detected.
/// </summary>
public sealed class FileStateStore : IStateStore, IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Keeps the document at <paramref name="path"/>.</summary>
    public FileStateStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    public async ValueTask<StoredState> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await ReadUnlockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<StateWrite> WriteAsync(string document, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stored = await ReadUnlockedAsync(cancellationToken);
            if (!string.Equals(stored.Version, expectedVersion, StringComparison.Ordinal))
            {
                return new StateWrite(StateWriteOutcome.Conflict, stored.Version, $"{Path} changed since it was read");
            }

            var bytes = StrictUtf8.GetBytes(document);
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                Directory.CreateDirectory(directory);
                await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(bytes, cancellationToken);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, Path, overwrite: true);
                return new StateWrite(StateWriteOutcome.Written, VersionOf(bytes));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TryDelete(temporary);
                return new StateWrite(StateWriteOutcome.Failed, null, $"{Path}: {ex.Message}");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<StateCopy> KeepAsideAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stamp = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            for (var n = 1; n <= 100; n++)
            {
                var copy = n == 1 ? $"{Path}.corrupt-{stamp}" : $"{Path}.corrupt-{stamp}-{n}";
                try
                {
                    var bytes = await File.ReadAllBytesAsync(Path, cancellationToken);
                    await using (var stream = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                    {
                        await stream.WriteAsync(bytes, cancellationToken);
                        stream.Flush(flushToDisk: true);
                    }

                    return StateCopy.At(copy);
                }
                catch (IOException) when (File.Exists(copy))
                {
                    // Another copy in the same second: the next name.
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return StateCopy.Failed($"{Path} could not be copied aside: {ex.Message}");
                }
            }

            return StateCopy.Failed($"{Path} could not be copied aside: 100 copies already exist for {stamp}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<StoredState> ReadUnlockedAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (Core.IO.RegularFile.Problem(Path) is { } problem)
        {
            // A pipe or a device would block or never end; it is unreadable state, reported as such.
            return new StoredState(null, null, $"{Path} {problem}");
        }

        try
        {
            bytes = await File.ReadAllBytesAsync(Path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return StoredState.None;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new StoredState(null, null, $"{Path} cannot be read: {ex.Message}");
        }

        var version = VersionOf(bytes);
        try
        {
            return new StoredState(StrictUtf8.GetString(bytes), version);
        }
        catch (DecoderFallbackException)
        {
            return new StoredState(null, version, $"{Path} is not UTF-8 text");
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string VersionOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a leftover temporary file; the write itself is reported as failed.
        }
    }
}
