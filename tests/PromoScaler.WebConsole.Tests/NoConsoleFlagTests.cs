using PromoScaler.Daemon.Configuration;

namespace PromoScaler.WebConsole.Tests;

/// <summary><c>promoscaler run --no-console</c>: the admin API without the web console.</summary>
public sealed class NoConsoleFlagTests
{
    [Fact]
    public void NoConsole_SetsConsoleEnabledFalse_AndWithoutItTheKeyIsLeftToTheConfiguration()
    {
        Assert.Equal("false", new DaemonCommandLine(NoConsole: true).ToConfiguration()["Admin:Console:Enabled"]);
        Assert.False(new DaemonCommandLine(TokenFile: "tokens").ToConfiguration().ContainsKey("Admin:Console:Enabled"));
    }
}
