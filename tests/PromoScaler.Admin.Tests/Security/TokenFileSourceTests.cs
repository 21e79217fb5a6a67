using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin.Tests.Security;

/// <summary>A rotated token file (a Kubernetes Secret update) takes effect without a restart; a bad edit changes nothing.</summary>
public sealed class TokenFileSourceTests : IDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("promoscaler-tokens-").FullName, "tokens");
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    [Fact]
    public void Current_FileRotated_NewTokensAfterTheCheckInterval_OldOnesRefused()
    {
        File.WriteAllText(_file, $"old-pipeline ci {AdminApiHost.Hash("old-secret")}\n");
        var source = new TokenFileSource(_file, _time, NullLogger.Instance);
        Assert.Equal("old-pipeline", source.Current.Verify("old-secret")?.Name);

        File.WriteAllText(_file, $"new-pipeline ci {AdminApiHost.Hash("new-secret")}\n");
        _time.Advance(TokenFileSource.CheckInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal("old-pipeline", source.Current.Verify("old-secret")?.Name);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("new-pipeline", source.Current.Verify("new-secret")?.Name);
        Assert.Null(source.Current.Verify("old-secret"));
    }

    [Theory]
    [InlineData("not a token line")]
    [InlineData(null)]
    public void Current_FileBrokenOrRemoved_KeepsTheTokensInForce(string? content)
    {
        File.WriteAllText(_file, $"alice operator {AdminApiHost.Hash("alice-secret")}\n");
        var source = new TokenFileSource(_file, _time, NullLogger.Instance);

        if (content is null)
        {
            File.Delete(_file);
        }
        else
        {
            File.WriteAllText(_file, content);
        }

        _time.Advance(TokenFileSource.CheckInterval);
        Assert.Equal("alice", source.Current.Verify("alice-secret")?.Name);
        Assert.Equal(1, source.Count);
    }
}
