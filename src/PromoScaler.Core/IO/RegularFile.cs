using System.Runtime.InteropServices;

namespace PromoScaler.Core.IO;

/// <summary>
/// Refuses what is not a regular file before it is opened: opening a named pipe for reading blocks until a writer
/// comes (forever, for <c>validate fifo.yaml</c>), and a device such as <c>/dev/zero</c> never ends. Every file the
/// product reads (policies, traces, token files, the configuration, the state file) is checked here first.
/// </summary>
/// <remarks>
/// .NET cannot tell a FIFO or a device from a file (<see cref="FileSystemInfo.Attributes"/> says Normal for all of
/// them until .NET 11's <c>SafeFileHandle.Type</c>), so on Linux the type comes from <c>statx(2)</c>, whose buffer
/// has the same layout on every architecture. Elsewhere nothing is refused: the check is a guard, not a gate.
/// </remarks>
public static class RegularFile
{
    /// <summary>
    /// Why <paramref name="path"/> (symbolic links followed) cannot be read as a file, e.g. "is a named pipe (FIFO),
    /// not a regular file"; null for a regular file, a path that does not exist, or when the type cannot be told.
    /// </summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TypeOf(path) switch
        {
            FileType.Fifo => "is a named pipe (FIFO), not a regular file",
            FileType.CharacterDevice => "is a character device, not a regular file",
            FileType.BlockDevice => "is a block device, not a regular file",
            FileType.Socket => "is a socket, not a regular file",
            FileType.Directory => "is a directory, not a file",
            _ => null,
        };
    }

    /// <summary>Throws <see cref="IOException"/> with <paramref name="path"/> and the reason unless it may be read as a file.</summary>
    public static void Ensure(string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new IOException($"{path} {problem}");
        }
    }

    private enum FileType
    {
        Unknown,
        Regular,
        Directory,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    private static FileType TypeOf(string path)
    {
        if (!OperatingSystem.IsLinux() || path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            return FileType.Unknown;
        }

        try
        {
            var buffer = new StatxBuffer();
            if (Statx(AtFdCwd, System.Text.Encoding.UTF8.GetBytes(path + "\0"), 0, StatxType, ref buffer) != 0 || (buffer.Mask & StatxType) == 0)
            {
                return FileType.Unknown;
            }

            return (buffer.Mode & 0xF000) switch
            {
                0x8000 => FileType.Regular,
                0x4000 => FileType.Directory,
                0x1000 => FileType.Fifo,
                0x2000 => FileType.CharacterDevice,
                0x6000 => FileType.BlockDevice,
                0xC000 => FileType.Socket,
                _ => FileType.Other,
            };
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without statx (glibc before 2.28): the type cannot be told.
            return FileType.Unknown;
        }
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    /// <summary><c>statx(dirfd, path, flags, mask, buffer)</c>; the path is NUL-terminated UTF-8.</summary>
    [DllImport("libc", EntryPoint = "statx", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, ref StatxBuffer buffer);

    /// <summary><c>struct statx</c> (256 bytes): the fields up to <c>stx_mode</c>, then padding.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint User;
        public uint Group;
        public ushort Mode;
    }
}
