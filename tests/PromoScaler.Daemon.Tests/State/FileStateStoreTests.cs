using PromoScaler.Core.Ports;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.State;

public class FileStateStoreTests
{
    [Fact]
    public async Task Read_NoFile_ReturnsNone()
    {
        using var directory = new TempDirectory();
        using var store = new FileStateStore(directory.File("state.json"));
        Assert.Equal(StoredState.None, await store.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsWithNewVersionAndNoTemporaryLeft()
    {
        using var directory = new TempDirectory();
        using var store = new FileStateStore(directory.File("state.json"));

        var first = await store.WriteAsync("{\"a\":1}", null, CancellationToken.None);
        var second = await store.WriteAsync("{\"a\":2}", first.Version, CancellationToken.None);
        var read = await store.ReadAsync(CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Written, second.Outcome);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal("{\"a\":2}", read.Document);
        Assert.Equal(second.Version, read.Version);
        Assert.Equal(["state.json"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Write_StaleVersion_ConflictAndFileUnchanged()
    {
        using var directory = new TempDirectory();
        using var store = new FileStateStore(directory.File("state.json"));
        var first = await store.WriteAsync("one", null, CancellationToken.None);
        await File.WriteAllTextAsync(store.Path, "someone else");

        var result = await store.WriteAsync("two", first.Version, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Conflict, result.Outcome);
        Assert.Equal("someone else", await File.ReadAllTextAsync(store.Path));
    }

    [Fact]
    public async Task Read_NotUtf8_ReportsProblemWithVersion()
    {
        using var directory = new TempDirectory();
        using var store = new FileStateStore(directory.File("state.json"));
        await File.WriteAllBytesAsync(store.Path, [0xC3, 0x28, 0xFF]);

        var read = await store.ReadAsync(CancellationToken.None);

        Assert.Null(read.Document);
        Assert.Contains("not UTF-8", read.Problem, StringComparison.Ordinal);
        Assert.NotNull(read.Version); // so the next write may replace it
        Assert.Equal(StateWriteOutcome.Written, (await store.WriteAsync("{}", read.Version, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Write_DirectoryIsAFile_FailedNotThrown()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("blocker"), "");
        using var store = new FileStateStore(Path.Combine(directory.File("blocker"), "state.json"));

        var result = await store.WriteAsync("{}", null, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Failed, result.Outcome);
    }
}
