using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromoScaler.Cli.Preflight;
using PromoScaler.Cloud.DependencyInjection;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Connection;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>What <c>promoscaler preflight</c> was asked to do.</summary>
/// <param name="Path">The policy directory or file.</param>
/// <param name="Within">How far ahead of <paramref name="At"/> to look.</param>
/// <param name="At">The instant to look from (default now).</param>
/// <param name="Offline">Never call a cloud API, even where credentials are at hand.</param>
/// <param name="Json">One JSON document instead of the table.</param>
internal sealed record PreflightRequest(string Path, TimeSpan Within, DateTimeOffset? At, bool Offline, bool Json)
{
    /// <summary>A kubeconfig file: read each HPA target's maxReplicas and each namespace's ResourceQuotas (null: the cluster is not read).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use (default its current one).</summary>
    public string? Context { get; init; }
}

/// <summary>
/// <c>promoscaler preflight [POLICY_DIR] [--within 48h] [--at TIME] [--offline] [--kubeconfig FILE [--context NAME]]
/// [--output text|json]</c>: for every pre-warm active in the window, can its target reach the floor? Checks
/// maxReplicas, the budget (reported, never a block), the hosting VM group of a pod policy with <c>hostedBy</c>
/// (its maxReplicas and MaxSize x podsPerNode) and the group's node pre-warms, for a VM group whose credentials
/// resolve its MaxSize read from the provider, and with <c>--kubeconfig</c> each HPA target's maxReplicas and the
/// ResourceQuotas of each namespace. Exit 0 when every floor is reachable, 1 when any would be clipped or the
/// policies are invalid, 2 usage.
/// </summary>
internal static class PreflightCommand
{
    /// <summary>The default look-ahead: 48h, two days before a sale.</summary>
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromHours(48);

    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole errors)
    {
        var path = new Argument<string>("policy-dir") { Description = "Policy directory or file", DefaultValueFactory = _ => "policies" };
        var within = new Option<TimeSpan?>("--within") { Description = "How far ahead to look (default 48h)", HelpName = "DURATION", CustomParser = OptionParsers.Duration };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Look from this instant (default now)", HelpName = "TIME", CustomParser = OptionParsers.Instant };
        var offline = new Option<bool>("--offline") { Description = "Never call a cloud API (VM group MaxSize is then not checked)" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Read HPA maxReplicas and namespace ResourceQuotas from this cluster", HelpName = "FILE" };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context (default its current one)", HelpName = "NAME" };
        var output = SharedOptions.Output();

        var command = new Command("preflight", "Before a sale: can every pre-warm in the window reach its floor?") { path, within, at, offline, kubeconfig, context, output };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new PreflightRequest(
                parsed.GetValue(path) ?? "policies",
                parsed.GetValue(within) ?? DefaultWithin,
                parsed.GetValue(at),
                parsed.GetValue(offline),
                parsed.GetValue(output) == OutputFormat.Json)
            {
                Kubeconfig = parsed.GetValue(kubeconfig),
                Context = parsed.GetValue(context),
            },
            console,
            errors,
            time,
            groups: null,
            cancellationToken));
        return command;
    }

    /// <summary>The command's one step; tests pass their own <paramref name="groups"/> provider (null: the cloud provider).</summary>
    public static async Task<int> RunAsync(
        PreflightRequest request, IAnsiConsole console, IAnsiConsole errors, TimeProvider time, IScaleTargetProvider? groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(errors);
        var from = request.At ?? time.GetUtcNow();
        var loaded = CliPolicyLoader.LoadPaths([request.Path], from);
        if (!loaded.Succeeded)
        {
            foreach (var error in loaded.Errors)
            {
                errors.WriteLine(error.ToString());
            }

            return ExitCodes.Invalid;
        }

        var to = from + request.Within;
        var limits = request.Offline
            ? new Dictionary<string, GroupLimit>(StringComparer.Ordinal)
            : await ReadGroupsAsync(loaded.Policies, from, to, time, groups, cancellationToken);
        Dictionary<string, ClusterLimit>? cluster = null;
        if (request.Kubeconfig is { } kubeconfig)
        {
            if (!File.Exists(kubeconfig))
            {
                errors.WriteLine($"--kubeconfig: {kubeconfig}: no such file");
                return ExitCodes.Usage;
            }

            using var connection = new KubernetesConnection(
                Options.Create(new KubernetesOptions { Kubeconfig = kubeconfig, Context = request.Context }),
                KubernetesEnvironment.Current(),
                NullLogger<KubernetesConnection>.Instance);
            cluster = await ClusterLimits.ReadAsync(connection.Client, WithPrewarm(loaded.Policies, from, to), cancellationToken);
        }

        var findings = PrewarmReach.Check(loaded.Policies, from, to, limits, cluster);
        if (request.Json)
        {
            PreflightWriter.WriteJson(findings, from, to, console.Profile.Out.Writer);
        }
        else
        {
            PreflightWriter.WriteTable(findings, from, to, console);
        }

        return findings.Any(f => f.Clipped) ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    /// <summary>Reads MaxSize of each VM group that has a pre-warm in the window; a group that cannot be read is noted, not fatal.</summary>
    private static async Task<Dictionary<string, GroupLimit>> ReadGroupsAsync(
        IReadOnlyList<ScalingPolicy> policies, DateTimeOffset from, DateTimeOffset to, TimeProvider time, IScaleTargetProvider? groups, CancellationToken cancellationToken)
    {
        var limits = new Dictionary<string, GroupLimit>(StringComparer.Ordinal);
        // A group with a pre-warm of its own or of a pod policy it hosts (node pre-warms), and the host of a pod pre-warm.
        var pods = WithPrewarm(policies, from, to);
        var hosts = pods.Select(p => p.Spec.HostedBy?.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var withPrewarm = policies
            .Where(p => p.Spec.Target.IsVmGroup && (pods.Contains(p) || hosts.Contains(p.Name)))
            .ToList();
        if (withPrewarm.Count == 0)
        {
            return limits;
        }

        await using var services = new ServiceCollection().AddSingleton(time).AddCloudScaleTargets().BuildServiceProvider();
        var provider = groups ?? services.GetServices<IScaleTargetProvider>().Single();
        foreach (var policy in withPrewarm)
        {
            var read = await provider.Create(policy.Spec.Target).ObserveAsync(cancellationToken);
            limits[policy.Name] = read.Facts?.GetValueOrDefault("MaxSize") is { } text && int.TryParse(text, out var maxSize)
                ? new GroupLimit(maxSize, null)
                : new GroupLimit(null, $"{read.Outcome}: {read.Detail}");
        }

        return limits;
    }

    /// <summary>The policies with a pre-warm occurrence active in [from, to), derived node pre-warms included.</summary>
    private static List<ScalingPolicy> WithPrewarm(IReadOnlyList<ScalingPolicy> policies, DateTimeOffset from, DateTimeOffset to) =>
        [.. policies.Where(p => p.Spec.Prewarm.Concat(p.Spec.HostedPrewarm.Select(h => h.Window)).Any(w => WindowCalendar.PrewarmsBetween(w, from, to).Any()))];
}
