using System.CommandLine;
using PromoScaler.Admin.Contracts;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary>
/// The shape every client command shares: parse the connection, send one request, and on success print the body
/// as JSON (<c>--output json</c>) or as text through <c>render</c>.
/// </summary>
internal static class ClientCommand
{
    /// <summary>The one JSON form of the API's types.</summary>
    public static AdminJsonContext Json => AdminJsonContext.Default;

    /// <summary>Wires <paramref name="command"/>'s action: <paramref name="run"/> gets a client, or the command exits 2 on a bad server URL.</summary>
    public static void SetAction(Command command, ClientOptions options, IAnsiConsole errors, Func<ParseResult, AdminApiClient, CancellationToken, Task<int>> run)
    {
        options.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (options.Connection(parsed, out var problem) is not { } connection)
            {
                errors.WriteLine(problem!);
                return ExitCodes.Usage;
            }

            using var client = new AdminApiClient(connection);
            return await run(parsed, client, cancellationToken);
        });
    }

    /// <summary>Sends one request and renders its answer.</summary>
    public static async Task<int> CallAsync(AdminApiClient client, HttpMethod method, string path, string? body, IAnsiConsole console, IAnsiConsole errors, Action<string> renderText, CancellationToken cancellationToken)
    {
        var answer = await client.SendAsync(method, path, body, errors, cancellationToken);
        if (answer is null)
        {
            return ExitCodes.Invalid;
        }

        if (!answer.Succeeded)
        {
            return client.Fail(answer, errors);
        }

        if (client.Connection.Output == OutputFormat.Json)
        {
            console.Profile.Out.Writer.WriteLine(answer.Body);
        }
        else
        {
            renderText(answer.Body);
        }

        return ExitCodes.Ok;
    }

    /// <summary>A path segment for a policy or pre-warm name typed by a user.</summary>
    public static string Segment(string name) => Uri.EscapeDataString(name);

    /// <summary>A table in the style of <c>kubectl get</c>: no borders, upper-case headers, readable at 100 columns.</summary>
    public static Table Plain(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None).HideHeaders();
        foreach (var _ in headers)
        {
            table.AddColumn(new TableColumn("") { NoWrap = false, Padding = new Padding(0, 0, 2, 0) });
        }

        table.AddRow(headers.Select(h => new Text(h)).ToArray());
        return table;
    }

    public static void AddRow(this Table table, params string?[] cells) => table.AddRow(cells.Select(c => new Text(c ?? "-")).ToArray());
}
