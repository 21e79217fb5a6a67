using System.Diagnostics;

namespace PromoScaler.Chart.Tests;

/// <summary>
/// Runs Debian's promtool (tests/run.sh installs the prometheus package), found through <c>PROMOSCALER_PROMTOOL</c>
/// or on PATH; a missing binary fails the test, it never skips.
/// </summary>
internal static class Promtool
{
    public static HelmResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new HelmResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("PROMOSCALER_PROMTOOL");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("promtool not found: run the tests with tests/run.sh (it installs Debian's prometheus package) or put promtool on PATH");
    }
}
