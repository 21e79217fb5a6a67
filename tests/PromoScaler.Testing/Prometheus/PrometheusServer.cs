using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PromoScaler.Testing.Prometheus;

/// <summary>
/// A real Prometheus (Debian's package) on 127.0.0.1 with a free port and a temporary data directory, history
/// imported with <c>promtool tsdb create-blocks-from openmetrics</c> before start. Stopped by process id.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string InstallHint = "install Debian's package: apt-get install -y --no-install-recommends prometheus";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private PrometheusServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseUrl { get; }

    /// <summary>The server's process while it runs (load runs read its CPU time).</summary>
    public Process? Process => _process;

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Imports <paramref name="openMetrics"/> and starts the server; throws (never skips) when the binaries are missing.</summary>
    public static async Task<PrometheusServer> StartAsync(string openMetrics)
    {
        var prometheus = FindOnPath("prometheus");
        var promtool = FindOnPath("promtool");
        var directory = Directory.CreateTempSubdirectory("promoscaler-prom-").FullName;
        var server = new PrometheusServer(directory, FreePort());
        try
        {
            Directory.CreateDirectory(server.DataDirectory);
            var input = Path.Combine(directory, "history.om");
            await File.WriteAllTextAsync(input, openMetrics);
            await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), "global:\n  scrape_interval: 15s\n");
            var (exit, output) = await RunAsync(promtool, ["tsdb", "create-blocks-from", "openmetrics", input, server.DataDirectory]);
            if (exit != 0)
            {
                throw new InvalidOperationException($"promtool import failed ({exit}): {output}");
            }

            await server.StartProcessAsync(prometheus);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process (as a crash would) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    /// <summary>Starts again on the same port and data directory.</summary>
    public Task RestartAsync() => StartProcessAsync(FindOnPath("prometheus"));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; do not hide the test's own outcome.
        }
    }

    private async Task StartProcessAsync(string prometheus)
    {
        var info = new ProcessStartInfo(prometheus)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + Path.Combine(_directory, "prometheus.yml"),
            "--storage.tsdb.path=" + DataDirectory,
            "--storage.tsdb.retention.time=100y",
            $"--web.listen-address=127.0.0.1:{Port}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        await WaitReadyAsync(process);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitReadyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(deadline) < ReadyTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}: {LogText()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first answer.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        throw new TimeoutException($"prometheus not ready after {ReadyTimeout}: {LogText()}");
    }

    private string LogText()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private static string FindOnPath(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException($"'{name}' is not on PATH; these tests need the real Prometheus: {InstallHint}");
    }

    private static int FreePort()
    {
        // Port 0 asks the kernel for a free port; 9090 (Prometheus' default) is never used, to stay off a real one.
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port != 9090)
            {
                return port;
            }
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
