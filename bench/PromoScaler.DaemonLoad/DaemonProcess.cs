using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PromoScaler.DaemonLoad;

/// <summary>One daemon child process on a configuration, its /metrics, and what the kernel says it uses.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _http;
    private readonly string _logPath;

    private DaemonProcess(Process process, StreamWriter log, string logPath, Uri admin)
    {
        _process = process;
        _log = log;
        _logPath = logPath;
        _http = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Writes <paramref name="settings"/> as the daemon's configuration file and starts it; its output goes to <paramref name="log"/>.</summary>
    public static async Task<DaemonProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string configFile, string log, Uri admin)
    {
        var json = new Dictionary<string, object>();
        foreach (var (key, value) in settings)
        {
            // "A:B:C" -> nested objects, which is what the JSON configuration provider reads back as A:B:C.
            var parts = key.Split(':');
            var node = json;
            foreach (var part in parts[..^1])
            {
                if (!node.TryGetValue(part, out var child))
                {
                    child = new Dictionary<string, object>();
                    node[part] = child;
                }

                node = (Dictionary<string, object>)child;
            }

            node[parts[^1]] = value;
        }

        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(json));
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("daemon");
        info.ArgumentList.Add(configFile);
        var process = Process.Start(info) ?? throw new InvalidOperationException("the daemon process did not start");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Append(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DaemonProcess(process, writer, log, admin);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines of its output (the run's directory is removed when the rig stops).</summary>
    public string Tail(int lines)
    {
        try
        {
            using var reader = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var text = new StreamReader(reader).ReadToEnd().Split('\n');
            return string.Join('\n', text.TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(its log could not be read: {ex.Message})";
        }
    }

    /// <summary>CPU time used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident set size now and its peak (VmRSS, VmHWM), in bytes.</summary>
    public (long Now, long Peak) Rss()
    {
        long now = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                now = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return (now * 1024, peak * 1024);
    }

    /// <summary>The daemon's /metrics, or null while it does not answer.</summary>
    public async Task<MetricsSnapshot?> ScrapeAsync()
    {
        try
        {
            return MetricsSnapshot.Parse(await _http.GetStringAsync("/metrics"));
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        _http.Dispose();
        await _log.DisposeAsync();
    }

    private static void Append(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
