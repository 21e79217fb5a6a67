using System.CommandLine;
using PromoScaler.Cli.Demo;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>
/// <c>promoscaler run [--config FILE] [--policies DIR] [--prometheus URL] [--kubeconfig FILE] [--state-file FILE]
/// [--urls URL] [--dry-run] [--leader-elect] [--token-file FILE] [--no-console]</c>: the daemon; <c>run --demo [--speed N] [--urls URL]</c> is
/// <c>promoscaler demo</c>. Flags override the configuration file and
/// <c>PROMOSCALER__...</c> environment variables. Runs until SIGTERM or Ctrl+C; exit 0 after a clean stop, 1 when it
/// could not start, 2 on an invalid configuration (every error listed on stderr).
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole errors)
    {
        var config = new Option<string?>("--config") { Description = "Configuration file, YAML (.yaml, .yml) or JSON (.json)", HelpName = "FILE" };
        var policies = new Option<string?>("--policies") { Description = "Directory of policy files, reloaded when it changes (a mounted ConfigMap works)", HelpName = "DIR" };
        var prometheus = SharedOptions.Prometheus("The 'default' Prometheus source");
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file (default: in-cluster, then KUBECONFIG, then ~/.kube/config)", HelpName = "FILE" };
        var stateFile = new Option<string?>("--state-file") { Description = "Keep the daemon's memory in this file (the file state store)", HelpName = "FILE" };
        var urls = DemoCommand.UrlsOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Decide, explain and expose everything; write nothing" };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Elect a leader on a Kubernetes Lease; only the leader writes" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Admin API tokens (lines of NAME ROLE sha256:HEX); without it the admin API is off", HelpName = "FILE" };
        var noConsole = new Option<bool>("--no-console") { Description = "Serve the admin API without the web console at /" };
        var policySource = new Option<string?>("--policy-source") { Description = "Where policies come from: files (default), kubernetes (ScalingPolicy objects) or both", HelpName = "files|kubernetes|both" };
        policySource.AcceptOnlyFromAmong("files", "kubernetes", "both");
        var watchNamespaces = new Option<string?>("--watch-namespaces") { Description = "With a kubernetes source: read ScalingPolicies of these namespaces only (comma-separated; default all)", HelpName = "NS[,NS...]" };
        var demo = new Option<bool>("--demo") { Description = "Run the demo instead (promoscaler demo): a simulated cluster and a replayed trace" };
        var speed = DemoCommand.SpeedOption();
        Option[] daemonOnly = [config, policies, prometheus, kubeconfig, stateFile, dryRun, leaderElect, tokenFile, noConsole, policySource, watchNamespaces];

        var command = new Command("run", "Run the daemon: evaluate every policy on its interval and scale its target")
        {
            config, policies, prometheus, kubeconfig, stateFile, urls, dryRun, leaderElect, tokenFile, noConsole, policySource, watchNamespaces, demo, speed,
        };
        command.Validators.Add(result =>
        {
            var demoAsked = result.GetResult(demo) is { Implicit: false };
            if (!demoAsked && result.GetResult(speed) is { Implicit: false })
            {
                result.AddError("--speed: only with --demo");
            }

            foreach (var option in daemonOnly.Where(o => demoAsked && result.GetResult(o) is { Implicit: false }))
            {
                result.AddError($"{option.Name}: not with --demo (the demo brings its own policies, cluster, metrics, state and token)");
            }
        });
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(demo)
            ? DemoCommand.RunAsync(
                new DemoSettings(parsed.GetValue(speed) ?? DemoConstants.DefaultSpeed, parsed.GetValue(urls) ?? DaemonConstants.DefaultAdminUrls),
                console, time, errors, cancellationToken)
            : DaemonHost.RunAsync(
            new DaemonCommandLine(
                parsed.GetValue(config),
                parsed.GetValue(policies),
                parsed.GetValue(prometheus),
                parsed.GetValue(kubeconfig),
                parsed.GetValue(stateFile),
                parsed.GetValue(urls),
                parsed.GetValue(dryRun),
                parsed.GetValue(leaderElect),
                parsed.GetValue(tokenFile),
                parsed.GetValue(noConsole),
                parsed.GetValue(policySource),
                parsed.GetValue(watchNamespaces)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            errors.Profile.Out.Writer,
            cancellationToken));
        return command;
    }
}
