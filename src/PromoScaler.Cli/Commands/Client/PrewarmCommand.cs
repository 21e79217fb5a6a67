using System.CommandLine;
using System.Net;
using System.Text.Json;
using PromoScaler.Admin.Contracts;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler prewarm add|list|remove</c>: runtime pre-warms, what a CI pipeline registers before a sale.</summary>
internal static class PrewarmCommand
{
    /// <summary>How often <c>--wait</c> asks whether the floor is applied.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Decision reasons after which waiting is pointless: the floor will not be written as asked.</summary>
    private static readonly HashSet<string> Hopeless = new(StringComparer.Ordinal) { "prewarmClampedToMax", "paused", "dryRun", "targetScaledToZero" };

    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole errors)
    {
        var command = new Command("prewarm", "Add, list or remove runtime pre-warms");
        command.Subcommands.Add(Add(console, time, errors));
        command.Subcommands.Add(List(console, errors));
        command.Subcommands.Add(Remove(console, errors));
        return command;
    }

    private static Command Add(IAnsiConsole console, TimeProvider time, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var name = new Option<string>("--name") { Description = "Unique within the policy; the same name and values again change nothing", HelpName = "NAME", Required = true, CustomParser = ClientFlags.Name };
        var at = new Option<DateTimeOffset?>("--at") { Description = "The sale start (ISO-8601 with Z or an offset)", HelpName = "TIME", Required = true, CustomParser = OptionParsers.Instant };
        var replicas = new Option<int?>("--replicas") { Description = "The floor", HelpName = "N", Required = true, CustomParser = ClientFlags.Count(1) };
        var lead = new Option<TimeSpan?>("--lead") { Description = "The floor applies from start - lead (default: the policy's startup + interval)", HelpName = "DURATION", CustomParser = OptionParsers.Duration };
        var hold = new Option<TimeSpan?>("--hold") { Description = "Full floor until start + hold (default 1h)", HelpName = "DURATION", CustomParser = OptionParsers.Duration };
        var rampDown = new Option<TimeSpan?>("--ramp-down") { Description = "Then the floor falls linearly to nothing (default 0s)", HelpName = "DURATION", CustomParser = OptionParsers.Duration };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log", HelpName = "TEXT" };
        var replace = new Option<bool>("--replace") { Description = "Replace a different pre-warm of the same name" };
        var wait = new Option<bool>("--wait") { Description = "Return once the target reports the floor as its spec.replicas (or fail with the decision's reason)" };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long --wait waits (default 10m)", HelpName = "DURATION", CustomParser = OptionParsers.Duration };
        var command = new Command("add", "Register a one-off pre-warm") { policy, name, at, replicas, lead, hold, rampDown, reason, replace, wait, timeout };
        ClientCommand.SetAction(command, new ClientOptions(), errors, async (parsed, client, cancellationToken) =>
        {
            var request = new PrewarmRequest(
                Core.Policies.Instant.Format(parsed.GetValue(at)!.Value),
                parsed.GetValue(replicas)!.Value,
                parsed.GetValue(lead) is { } l ? OptionParsers.Format(l) : null,
                parsed.GetValue(hold) is { } h ? OptionParsers.Format(h) : null,
                parsed.GetValue(rampDown) is { } r ? OptionParsers.Format(r) : null,
                parsed.GetValue(reason));
            var path = $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/prewarms/{ClientCommand.Segment(parsed.GetValue(name)!)}";
            var answer = await client.SendAsync(HttpMethod.Put, path + (parsed.GetValue(replace) ? "?replace=true" : ""),
                JsonSerializer.Serialize(request, ClientCommand.Json.PrewarmRequest), errors, cancellationToken);
            if (answer is null)
            {
                return ExitCodes.Invalid;
            }

            if (!answer.Succeeded)
            {
                return client.Fail(answer, errors);
            }

            var json = client.Connection.Output == OutputFormat.Json;
            if (!json && AdminApiClient.Read(answer.Body, ClientCommand.Json.PrewarmView, errors) is { } p)
            {
                var verb = answer.Status == HttpStatusCode.Created ? "added" : "unchanged (already registered)";
                console.WriteLine($"pre-warm {p.Name} on {p.Policy} {verb}: {p.Replicas} replicas from {ClientText.Time(p.Start)} - {p.Lead}, hold {p.Hold}, ramp-down {p.RampDown}, {p.Phase}");
            }

            if (!parsed.GetValue(wait))
            {
                if (json)
                {
                    console.Profile.Out.Writer.WriteLine(answer.Body);
                }

                return ExitCodes.Ok;
            }

            return await WaitAsync(client, path, parsed.GetValue(timeout) ?? TimeSpan.FromMinutes(10), console, time, errors, cancellationToken);
        });
        return command;
    }

    /// <summary>Polls the pre-warm's status until the target reports the floor, a decision says it never will, or the timeout.</summary>
    private static async Task<int> WaitAsync(AdminApiClient client, string path, TimeSpan timeout, IAnsiConsole console, TimeProvider time, IAnsiConsole errors, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        PrewarmStatusView? last = null;
        while (true)
        {
            var answer = await client.SendAsync(HttpMethod.Get, path, null, errors, cancellationToken);
            if (answer is null)
            {
                return ExitCodes.Invalid;
            }

            if (!answer.Succeeded)
            {
                return client.Fail(answer, errors);
            }

            last = AdminApiClient.Read(answer.Body, ClientCommand.Json.PrewarmStatusView, errors);
            if (last is null)
            {
                return ExitCodes.Invalid;
            }

            if (last.Applied)
            {
                Report(console, client, answer.Body, $"pre-warm {last.Prewarm.Name} applied: the target reports {last.SpecReplicas} replicas (floor {last.FloorNow})");
                return ExitCodes.Ok;
            }

            if (last.Reason is { } reason && Hopeless.Contains(reason))
            {
                errors.WriteLine($"pre-warm {last.Prewarm.Name} will not be applied as asked: [{reason}] {last.Detail}");
                if (WayOut(reason, last.Prewarm.Policy) is { } wayOut)
                {
                    errors.WriteLine(wayOut);
                }

                if (client.Connection.Output == OutputFormat.Json)
                {
                    console.Profile.Out.Writer.WriteLine(answer.Body);
                }

                return ExitCodes.Invalid;
            }

            if (time.GetUtcNow() >= deadline)
            {
                errors.WriteLine($"pre-warm {last.Prewarm.Name}: not applied within {OptionParsers.Format(timeout)} ({last.Prewarm.Phase}; last decision: {last.Reason ?? "none"}{(last.Detail is null ? "" : ", " + last.Detail)})");
                return ExitCodes.Invalid;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>The command that lets the floor apply, for the reasons an operator can end.</summary>
    private static string? WayOut(string reason, string policy) => reason switch
    {
        "targetScaledToZero" => $"the target was scaled to zero outside PromoScaler; let it scale again with: promoscaler resume {policy}",
        "paused" => $"the policy is paused; end the pause with: promoscaler resume {policy}",
        _ => null,
    };

    private static void Report(IAnsiConsole console, AdminApiClient client, string body, string text)
    {
        if (client.Connection.Output == OutputFormat.Json)
        {
            console.Profile.Out.Writer.WriteLine(body);
        }
        else
        {
            console.WriteLine(text);
        }
    }

    private static Command List(IAnsiConsole console, IAnsiConsole errors)
    {
        var command = new Command("list", "Every runtime pre-warm not yet over");
        ClientCommand.SetAction(command, new ClientOptions(), errors, (_, client, cancellationToken) =>
            ClientCommand.CallAsync(client, HttpMethod.Get, "api/v1/prewarms", null, console, errors, body =>
            {
                var table = ClientCommand.Plain("POLICY", "NAME", "START", "REPLICAS", "LEAD", "HOLD", "RAMP-DOWN", "PHASE", "WHEN", "OWNER");
                foreach (var p in AdminApiClient.Read(body, ClientCommand.Json.IReadOnlyListPrewarmView, errors) ?? [])
                {
                    table.AddRow(p.Policy, p.Name, ClientText.Time(p.Start), ClientText.Number(p.Replicas), p.Lead, p.Hold, p.RampDown, p.Phase, When(p), p.Owner);
                }

                console.Write(table);
            }, cancellationToken));
        return command;
    }

    // From the daemon's remaining times, never the client's clock (a demo's daemon runs a simulated one).
    private static string When(PrewarmView p) =>
        p.ActiveIn is { } inTime ? "in " + ClientText.Left(inTime) : p.Remaining is { } left ? ClientText.Left(left) + " left" : "-";

    private static Command Remove(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var name = new Option<string>("--name") { Description = "The pre-warm", HelpName = "NAME", Required = true, CustomParser = ClientFlags.Name };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log", HelpName = "TEXT" };
        var command = new Command("remove", "Remove a runtime pre-warm; its floor stops at the next decision") { policy, name, reason };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
        {
            var query = parsed.GetValue(reason) is { } r ? "?reason=" + Uri.EscapeDataString(r) : "";
            return ClientCommand.CallAsync(client, HttpMethod.Delete,
                $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/prewarms/{ClientCommand.Segment(parsed.GetValue(name)!)}{query}",
                null, console, errors, _ => console.WriteLine($"pre-warm {parsed.GetValue(name)} removed from {parsed.GetValue(policy)}"), cancellationToken);
        });
        return command;
    }
}
