using System.Reflection;
using System.Security.Cryptography;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>Where a backtest's figures come from: tool version, input hashes and every flag with the value in force.</summary>
internal static class BacktestProvenance
{
    public static Provenance Build(BacktestRequest request, BacktestResult result, PrometheusProvenance? prometheus)
    {
        var version = typeof(BacktestProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var s = request.Settings;
        List<KeyValuePair<string, string?>> source = prometheus is null
            ? [new("--trace", request.TraceFile)]
            :
            [
                new("--prometheus", prometheus.Url.ToString()),
                new("--step", Duration.Format(prometheus.Step)),
                new("--export-trace", request.ExportTrace),
            ];
        List<KeyValuePair<string, string?>> flags =
        [
            .. source,
            new("--out", request.OutDirectory),
            new("--from", Instant.Format(result.Context.From)),
            new("--to", Instant.Format(result.Context.To)),
            new("--metric-delay", Duration.Format(s.Delay)),
            new("--metric-window", prometheus is null ? Duration.Format(s.Window) : null),
            new("--capacity-per-replica", Number.Format(result.CapacityPerReplica)),
            new("--demand-metric", result.Context.DemandMetric),
            new("--policy-name", request.PolicyName ?? result.Policy.Name),
            new("--disable", BacktestOptions.AblationText(s.Disabled)),
            new("--perfect-forecast", PerfectForecastText(s.PerfectForecast)),
            new("--output", SharedOptions.OutputName(request.Output)),
            new("--no-chart", request.Chart ? "false" : "true"),
        ];
        return prometheus is null
            ? new Provenance(version, request.PolicyFile, Sha256(request.PolicyFile), request.TraceFile, Sha256(request.TraceFile!), flags)
            : new Provenance(version, request.PolicyFile, Sha256(request.PolicyFile), null, null, flags, prometheus);
    }

    private static string? PerfectForecastText(PerfectForecast? perfect) =>
        perfect is null ? null : perfect.Window is { } window ? Duration.Format(window) : "step";

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
