using System.CommandLine;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler status</c>: one row per policy, like <c>kubectl get hpa</c>.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var command = new Command("status", "One row per policy: target, current, desired, forecast, active window, override, pause, health");
        ClientCommand.SetAction(command, new ClientOptions(), errors, async (_, client, cancellationToken) =>
        {
            var code = await ClientCommand.CallAsync(client, HttpMethod.Get, "api/v1/policies", null, console, errors, body =>
            {
                if (AdminApiClient.Read(body, ClientCommand.Json.IReadOnlyListPolicyView, errors) is not { } policies)
                {
                    return;
                }

                var table = ClientCommand.Plain("POLICY", "TARGET", "CURRENT", "DESIRED", "FORECAST", "WINDOW", "OVERRIDE", "PAUSE", "HEALTH");
                foreach (var p in policies)
                {
                    table.AddRow(
                        p.Name,
                        ClientText.Target(p.Target),
                        ClientText.Number(p.Current),
                        ClientText.Number(p.Desired),
                        ClientText.Forecast(p.Forecast),
                        ClientText.Windows(p.ActiveWindows),
                        p.Overrides.Count == 0 ? "-" : string.Join(",", p.Overrides.Select(ClientText.Override)),
                        p.Pause is { } pause ? ClientText.Left(pause.Remaining) : p.Zero is { } zero ? ClientText.ZeroCell(zero) : "-",
                        p.Degraded.Count == 0 && p.Zero is not null ? "zero" : ClientText.Health(p.Degraded));
                }

                console.Write(table);
                foreach (var p in policies)
                {
                    if (p.Zero is { } zero)
                    {
                        console.WriteLine(ClientText.ZeroLine(p.Name, zero));
                    }
                }

                foreach (var p in policies.Where(p => p.Degraded.Count > 0))
                {
                    foreach (var reason in p.Degraded)
                    {
                        console.WriteLine($"{p.Name}: {reason}");
                    }
                }
            }, cancellationToken);
            if (code == ExitCodes.Ok && client.Connection.Output == OutputFormat.Text)
            {
                await WriteDaemonHealthAsync(client, console, errors, cancellationToken);
            }

            return code;
        });
        return command;
    }

    // The daemon's own problems (what /readyz says) under the table, so a failure never reads as "ok" on one screen
    // while the daemon reports it on another. A daemon without the route is not an error here.
    private static async Task WriteDaemonHealthAsync(AdminApiClient client, IAnsiConsole console, IAnsiConsole errors, CancellationToken cancellationToken)
    {
        var answer = await client.SendAsync(HttpMethod.Get, "api/v1/health", null, errors, cancellationToken);
        if (answer is not { Succeeded: true } || AdminApiClient.Read(answer.Body, ClientCommand.Json.HealthView, errors) is not { } health)
        {
            return;
        }

        console.WriteLine(health.Ready ? "daemon: ready" : "daemon: NOT READY");
        foreach (var problem in health.Problems)
        {
            console.WriteLine($"daemon: {problem}");
        }

        foreach (var warning in health.Warnings)
        {
            console.WriteLine($"daemon warning: {warning}");
        }

        foreach (var note in health.Notes ?? [])
        {
            console.WriteLine($"daemon: {note}");
        }
    }
}
