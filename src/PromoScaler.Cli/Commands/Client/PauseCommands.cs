using System.CommandLine;
using System.Text.Json;
using PromoScaler.Admin.Contracts;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler pause POLICY --for D --reason TEXT</c> and <c>promoscaler resume POLICY</c>.</summary>
internal static class PauseCommands
{
    public static Command Pause(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var ttl = new Option<TimeSpan?>("--for") { Description = "How long (30m, 2h; at most 7d)", HelpName = "DURATION", Required = true, CustomParser = OptionParsers.DurationAtMost(TimeSpan.FromDays(7)) };
        var reason = new Option<string>("--reason") { Description = "Why", HelpName = "TEXT", Required = true };
        var command = new Command("pause", "Pause a policy: it decides and records, and writes nothing") { policy, ttl, reason };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
        {
            var request = new PauseRequest(OptionParsers.Format(parsed.GetValue(ttl)!.Value), parsed.GetValue(reason));
            return ClientCommand.CallAsync(client, HttpMethod.Post, $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/pause",
                JsonSerializer.Serialize(request, ClientCommand.Json.PauseRequest), console, errors, body =>
                {
                    if (AdminApiClient.Read(body, ClientCommand.Json.PauseView, errors) is { } p)
                    {
                        console.WriteLine($"{p.Policy} paused by {p.Owner} until {ClientText.Time(p.ExpiresAt)} ({ClientText.Left(p.Remaining)})");
                    }
                }, cancellationToken);
        });
        return command;
    }

    public static Command Resume(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log", HelpName = "TEXT" };
        var command = new Command("resume", "Let a policy act again: end its pause, clear a pin at 0 below minReplicas, wake a target scaled to zero outside PromoScaler") { policy, reason };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
        {
            var request = new ResumeRequest(parsed.GetValue(reason));
            return ClientCommand.CallAsync(client, HttpMethod.Post, $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/resume",
                JsonSerializer.Serialize(request, ClientCommand.Json.ResumeRequest), console, errors, body =>
                {
                    if (AdminApiClient.Read(body, ClientCommand.Json.ResumeView, errors) is { } r)
                    {
                        console.WriteLine(Resumed(r));
                    }
                }, cancellationToken);
        });
        return command;
    }

    private static string Resumed(ResumeView r)
    {
        var what = new List<string>();
        if (r.Pause is { } p)
        {
            what.Add($"pause by {p.Owner} ended ({p.Reason})");
        }

        if (r.Cleared is { } o)
        {
            what.Add($"pin at 0 by {o.Owner} cleared ({o.Reason})");
        }

        if (r.ScaledToZero)
        {
            what.Add("the target scaled to zero outside PromoScaler scales from minReplicas at the next decision");
        }

        return $"{r.Policy} resumed: {string.Join("; ", what)}";
    }
}
