using System.Diagnostics;

namespace PromoScaler.Cli.Tests.Packaging;

/// <summary>
/// The CLI as a .NET tool, the way a user gets it: <c>dotnet pack</c>, <c>dotnet tool install --tool-path</c> from
/// the local folder, then the installed <c>promoscaler</c>. Slow (a pack and an install), so one test.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void PackAndInstall_InstalledCommand_PrintsItsVersionAndValidatesTheExamples()
    {
        var root = Root();
        var work = Directory.CreateTempSubdirectory("promoscaler-tool-").FullName;
        try
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var feed = Path.Combine(work, "feed");
            Run(root, "dotnet", "pack", Path.Combine(root, "src", "PromoScaler.Cli", "PromoScaler.Cli.csproj"), "-c", configuration, "-o", feed, "--nologo", "-nodeReuse:false");
            var package = Assert.Single(Directory.GetFiles(feed, "PromoScaler.Cli.*.nupkg"));
            var version = Path.GetFileNameWithoutExtension(package)["PromoScaler.Cli.".Length..];

            var tools = Path.Combine(work, "tools");
            Run(root, "dotnet", "tool", "install", "PromoScaler.Cli", "--tool-path", tools, "--add-source", feed, "--version", version);
            var promoscaler = Path.Combine(tools, OperatingSystem.IsWindows() ? "promoscaler.exe" : "promoscaler");

            var printed = Run(root, promoscaler, "--version");
            Assert.StartsWith(version, printed.Trim(), StringComparison.Ordinal);
            var validated = Run(root, promoscaler, "validate", Path.Combine(root, "policies", "examples"));
            Assert.Contains("valid: ", validated, StringComparison.Ordinal);
            Assert.Contains(" 0 errors", validated, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs a process to its end; a non-zero exit fails the test with its output.</summary>
    internal static string Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(15)), $"{file} {string.Join(' ', arguments)} did not finish");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}\n{output.Result}\n{error.Result}");
        return output.Result;
    }

    internal static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PromoScaler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the checkout (PromoScaler.sln) was not found above the test's directory");
    }
}
