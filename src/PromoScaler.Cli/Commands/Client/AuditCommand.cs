using System.CommandLine;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler audit [--since DURATION|TIME]</c>: every change of operator intent.</summary>
internal static class AuditCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var since = HistoryCommand.Since("Changes since: a duration back from now (24h) or a time (default: all kept)");
        var command = new Command("audit", "Every change of overrides, pauses and runtime pre-warms: who, what, when, why") { since };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
        {
            var query = parsed.GetValue(since) is { } s ? "?since=" + Uri.EscapeDataString(s) : "";
            return ClientCommand.CallAsync(client, HttpMethod.Get, "api/v1/audit" + query, null, console, errors, body =>
            {
                if (AdminApiClient.Read(body, ClientCommand.Json.IReadOnlyListAuditEntry, errors) is not { } entries)
                {
                    return;
                }

                var table = ClientCommand.Plain("#", "TIME", "WHO", "ACTION", "POLICY", "SUBJECT", "REASON");
                foreach (var e in entries)
                {
                    table.AddRow(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), ClientText.Time(e.At), e.Actor, e.Action, e.Policy, e.Subject, e.Reason);
                }

                console.Write(table);
            }, cancellationToken);
        });
        return command;
    }
}
