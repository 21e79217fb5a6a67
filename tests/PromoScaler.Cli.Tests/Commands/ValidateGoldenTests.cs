using System.Diagnostics;

namespace PromoScaler.Cli.Tests.Commands;

/// <summary>
/// The loader's golden fixtures through the real executable, run from the fixture folder with a relative path
/// (the convention of the <c>.expected</c> files): exit code 1 and exactly the golden lines, then the summary.
/// </summary>
public sealed class ValidateGoldenTests
{
    public static TheoryData<string> Cases() =>
        new(Directory.GetFiles(CliRunner.Bad, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Promoscaler_ValidateBadFixture_ExitsOneWithTheGoldenLines(string name)
    {
        var expected = File.ReadAllLines(Path.Combine(CliRunner.Bad, name + ".expected"));

        var (exitCode, stdout) = RunExecutable(CliRunner.Bad, "validate", name + ".yaml");

        Assert.Equal(1, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines[..^1]);
        Assert.StartsWith("invalid: ", lines[^1]);
    }

    private static (int ExitCode, string Stdout) RunExecutable(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "promoscaler.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "promoscaler did not exit");
        Assert.Equal("", stderr.Result);
        return (process.ExitCode, stdout.Result.Replace("\r", "", StringComparison.Ordinal));
    }
}
