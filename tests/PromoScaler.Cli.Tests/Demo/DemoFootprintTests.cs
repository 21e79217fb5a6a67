using System.Diagnostics;
using System.Text;
using PromoScaler.Cli.Demo;
using PromoScaler.Cli.Tests.Infrastructure;

namespace PromoScaler.Cli.Tests.Demo;

/// <summary>
/// What a demo run leaves behind and what it tells a newcomer to type: the built <c>promoscaler</c> in a process of
/// its own, with HOME and TMPDIR pointed at empty directories.
/// </summary>
public sealed class DemoFootprintTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Demo_LeavesNothingInTheHomeDirectory_AndPrintsAnAliasToThisBuild()
    {
        using var home = new TempDirectory();
        using var temp = new TempDirectory();
        var output = new StringBuilder();
        var apphost = Path.Combine(AppContext.BaseDirectory, "promoscaler");
        var info = new ProcessStartInfo(File.Exists(apphost) ? apphost : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!File.Exists(apphost))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "promoscaler.dll"));
        }

        foreach (var argument in new[] { "demo", "--urls", "http://127.0.0.1:0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = home.Path;
        info.Environment["TMPDIR"] = temp.Path;
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            while (!Text(output).Contains("Ctrl+C stops the demo", StringComparison.Ordinal))
            {
                Assert.False(process.HasExited, "the demo exited: " + Text(output));
                Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "no banner: " + Text(output));
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            }

            // The daemon has started (DataProtection makes its key at start), and has decided at least once.
            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
            var alias = Text(output).Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("alias promoscaler=", StringComparison.Ordinal));
            Assert.DoesNotContain("dotnet run", alias, StringComparison.Ordinal);
            var target = alias["alias promoscaler='".Length..^1].Replace("dotnet ", "", StringComparison.Ordinal);
            Assert.True(File.Exists(target), $"{alias}: {target} does not exist");
            Assert.Empty(Directory.EnumerateFileSystemEntries(home.Path, "*", SearchOption.AllDirectories));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(home.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AliasLine_ApphostBesideTheAssembly_IsTheApphost()
    {
        using var directory = new TempDirectory();
        var assembly = directory.Write("promoscaler.dll", "");
        var apphost = directory.Write(OperatingSystem.IsWindows() ? "promoscaler.exe" : "promoscaler", "");

        Assert.Equal($"alias promoscaler='{apphost}'", ClientAlias.Line(assembly, "/usr/bin/dotnet"));
    }

    [Fact]
    public void AliasLine_NoApphost_RunsTheAssemblyWithDotnet()
    {
        using var directory = new TempDirectory();
        var assembly = directory.Write("promoscaler.dll", "");

        Assert.Equal($"alias promoscaler='dotnet {assembly}'", ClientAlias.Line(assembly, "/usr/bin/dotnet"));
    }

    [Fact]
    public void AliasLine_SingleFileApp_IsTheExecutable_QuotedWhenItHasASpace()
    {
        Assert.Equal("alias promoscaler='\"/opt/promo scaler/promoscaler\"'", ClientAlias.Line("", "/opt/promo scaler/promoscaler"));
        Assert.Equal("alias promoscaler='/app/promoscaler'", ClientAlias.Line("", "/app/promoscaler"));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
