using System.Diagnostics;
using System.Text;

namespace PromoScaler.Chart.Tests;

/// <summary>
/// Runs the real helm binary on charts/promoscaler. Found through <c>PROMOSCALER_HELM</c> (tests/run.sh installs
/// helm there) or on PATH; a missing binary fails the test, it never skips.
/// </summary>
internal static class Helm
{
    public static string ChartDirectory { get; } = FindChart();

    public static HelmResult Template(params string[] setValues) => Run(TemplateArguments(setValues));

    /// <summary>Renders with the chart's crds/ included (as helm install applies them).</summary>
    public static HelmResult TemplateIncludingCrds() => Run([.. TemplateArguments([]), "--include-crds"]);

    public static HelmResult Lint(params string[] setValues)
    {
        var arguments = new List<string> { "lint", ChartDirectory, "--strict" };
        foreach (var value in setValues)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        return Run(arguments);
    }

    /// <summary>Renders with <c>--set-file</c> entries (key=path) besides plain <c>--set</c> values.</summary>
    public static HelmResult TemplateWithFiles(IReadOnlyDictionary<string, string> files)
    {
        var arguments = TemplateArguments([]);
        foreach (var (key, path) in files)
        {
            arguments.Add("--set-file");
            arguments.Add($"{key}={path}");
        }

        return Run(arguments);
    }

    private static List<string> TemplateArguments(string[] setValues)
    {
        var arguments = new List<string> { "template", "ps", ChartDirectory, "--namespace", "ops" };
        foreach (var value in setValues)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        return arguments;
    }

    private static HelmResult Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(FindHelm())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("helm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new HelmResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindHelm()
    {
        var configured = Environment.GetEnvironmentVariable("PROMOSCALER_HELM");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "helm");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "helm not found: run the tests with tests/run.sh (it installs helm and sets PROMOSCALER_HELM) or put helm on PATH");
    }

    private static string FindChart()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var chart = Path.Combine(directory.FullName, "charts", "promoscaler", "Chart.yaml");
            if (File.Exists(chart))
            {
                return Path.GetDirectoryName(chart)!;
            }
        }

        throw new InvalidOperationException("charts/promoscaler not found above the test's directory");
    }
}

internal sealed record HelmResult(int ExitCode, string Output, string Error)
{
    public string Describe() => new StringBuilder().Append("exit ").Append(ExitCode).Append('\n').Append(Error).ToString();
}
