namespace PromoScaler.Cli.Tests.Infrastructure;

/// <summary>A temporary directory for a test's policy files and outputs, deleted at the end.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("promoscaler-cli-").FullName;

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the directory and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; do not hide the test's own outcome.
        }
    }
}
