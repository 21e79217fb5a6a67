using System.Diagnostics;

namespace PromoScaler.Kubernetes.Tests.Infrastructure;

/// <summary>
/// Runs the real kubectl against a kubeconfig. Found through <c>PROMOSCALER_KUBECTL</c> (tests/run.sh installs kubectl
/// there) or on PATH; a missing binary fails the test, it never skips.
/// </summary>
internal sealed class Kubectl(string kubeconfig)
{
    public static string Binary { get; } = Find();

    public KubectlResult Run(params string[] arguments) => RunWithInput(null, arguments);

    /// <summary>Runs with <paramref name="input"/> on standard input (<c>apply -f -</c>).</summary>
    public KubectlResult RunWithInput(string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // kubectl keeps a discovery cache under $HOME/.kube/cache: each run gets its own, so runs never see another server.
        start.Environment["HOME"] = Path.GetDirectoryName(kubeconfig)!;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in 60 s");
        }

        return new KubectlResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("PROMOSCALER_KUBECTL");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "kubectl not found: run the tests with tests/run.sh (it installs kubectl and sets PROMOSCALER_KUBECTL) or put kubectl on PATH");
    }
}

internal sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
