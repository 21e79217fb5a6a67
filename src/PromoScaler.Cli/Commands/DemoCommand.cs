using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Cli.Demo;
using PromoScaler.Core.Policies;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>
/// <c>promoscaler demo [--speed N] [--urls URL]</c> (also <c>promoscaler run --demo</c>): the real daemon against a
/// simulated Kubernetes and a replayed trace on an accelerated clock, with the admin API on loopback and a fresh
/// operator token printed on start. Runs until Ctrl+C, then deletes everything it wrote. Exit codes as
/// <c>promoscaler run</c>'s: 0 after a clean stop, 1 when it could not start (the port is taken), 2 on a usage error.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole errors)
    {
        var speed = SpeedOption();
        var urls = UrlsOption();
        var command = new Command("demo", "Run the daemon on a simulated cluster and a replayed trace, with nothing installed") { speed, urls };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new DemoSettings(parsed.GetValue(speed) ?? DemoConstants.DefaultSpeed, parsed.GetValue(urls) ?? DaemonConstants.DefaultAdminUrls),
            console, time, errors, cancellationToken));
        return command;
    }

    /// <summary><c>--speed N</c>: simulated seconds per real second.</summary>
    public static Option<double?> SpeedOption() => new("--speed")
    {
        Description = $"Simulated seconds per real second, 1 to {DemoConstants.MaxSpeed.ToString(CultureInfo.InvariantCulture)} (default {DemoConstants.DefaultSpeed.ToString(CultureInfo.InvariantCulture)}: a minute per second)",
        HelpName = "N",
        CustomParser = ParseSpeed,
    };

    /// <summary><c>--urls URL</c>: the admin listener.</summary>
    public static Option<string?> UrlsOption() => new("--urls")
    {
        Description = $"Admin listener and API (default {DaemonConstants.DefaultAdminUrls}; port 0 picks a free one)",
        HelpName = "URL",
        CustomParser = ParseUrl,
    };

    /// <summary>Runs the demo until <paramref name="cancellationToken"/> is cancelled (Ctrl+C).</summary>
    public static async Task<int> RunAsync(DemoSettings settings, IAnsiConsole console, TimeProvider time, IAnsiConsole errors, CancellationToken cancellationToken)
    {
        var session = await DemoSession.CreateAsync(settings, time, cancellationToken);
        await using (session)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var run = DaemonHost.RunAsync(new DaemonCommandLine(ConfigFile: session.ConfigFile), errors.Profile.Out.Writer, stop.Token, services =>
            {
                session.Register(services);
                services.AddSingleton(console);
                services.AddHostedService<DemoStartup>();
                services.AddHostedService(sp => new StopWhenHostStops(sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(), stop));
            });
            // The daemon flushes and stops within a second; should it not, the demo still removes its files and exits.
            var stopRequested = Task.Delay(Timeout.InfiniteTimeSpan, time, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            if (await Task.WhenAny(run, stopRequested) == run || await Task.WhenAny(run, Task.Delay(DemoConstants.StopGrace, time, CancellationToken.None)) == run)
            {
                return await run;
            }

            await errors.Profile.Out.Writer.WriteLineAsync($"the daemon did not stop within {Duration.Format(DemoConstants.StopGrace)}; leaving it");
            return ExitCodes.Invalid;
        }
    }

    private static string? ParseUrl(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/" && uri.Query.Length == 0)
        {
            // An address this machine does not have would fail deep in the listener's start: refuse it here.
            if (AdminUrlCheck.Problem(uri) is { } problem)
            {
                result.AddError($"{OptionParsers.Flag(result)}: {problem}");
                return null;
            }

            return text;
        }

        result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is not an http URL of a host and port (e.g. http://127.0.0.1:9464)");
        return null;
    }

    private static double? ParseSpeed(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        switch (Number.ParseReal(text, out var value))
        {
            case ParseOutcome.Ok when value >= 1 && value <= DemoConstants.MaxSpeed:
                return value;
            case ParseOutcome.Ok or ParseOutcome.OutOfRange:
                result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is out of range: 1 to {DemoConstants.MaxSpeed.ToString(CultureInfo.InvariantCulture)}");
                return null;
            default:
                result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is not a number; write e.g. 60");
                return null;
        }
    }
}
