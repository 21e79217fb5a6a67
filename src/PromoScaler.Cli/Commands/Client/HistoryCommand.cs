using System.CommandLine;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler history POLICY [--since DURATION|TIME]</c>: the recent decisions, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var since = Since("Decisions since: a duration back from now (2h) or a time (default 1h)");
        var command = new Command("history", "Recent decisions of a policy") { policy, since };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
            ClientCommand.CallAsync(client, HttpMethod.Get,
                $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/history?since={Uri.EscapeDataString(parsed.GetValue(since) ?? "1h")}",
                null, console, errors, body =>
                {
                    if (AdminApiClient.Read(body, ClientCommand.Json.HistoryView, errors) is not { } history)
                    {
                        return;
                    }

                    var table = ClientCommand.Plain("TIME", "CURRENT", "DESIRED", "ACTION", "REASON", "REACTIVE", "PREDICTIVE", "FLOOR");
                    foreach (var d in history.Decisions)
                    {
                        table.AddRow(ClientText.Time(d.At), ClientText.Number(d.Current), ClientText.Number(d.Desired), d.Action, d.Reason,
                            ClientText.Number(d.Components.Reactive), ClientText.Number(d.Components.Predictive), ClientText.Number(d.Components.Floor));
                    }

                    console.Write(table);
                }, cancellationToken));
        return command;
    }

    /// <summary><c>--since DURATION|TIME</c>, checked here so a typo exits 2 before any request.</summary>
    public static Option<string?> Since(string description)
    {
        var option = new Option<string?>("--since") { Description = description, HelpName = "DURATION|TIME" };
        option.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (!Core.Policies.Duration.TryParse(text, out _) && Core.Policies.Instant.Parse(text, out _) != Core.Policies.ParseOutcome.Ok)
            {
                result.AddError($"--since: {OptionParsers.Quote(text)} is neither a duration (2h) nor an ISO-8601 time with Z or an offset");
            }
        });
        return option;
    }
}
