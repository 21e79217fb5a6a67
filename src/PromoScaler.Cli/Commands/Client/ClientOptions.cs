using System.CommandLine;
using System.CommandLine.Parsing;

namespace PromoScaler.Cli.Commands.Client;

/// <summary>Where the daemon's admin API is and how to prove who we are.</summary>
/// <param name="Server">The admin listener's base URL.</param>
/// <param name="Token">The bearer token; null when none was given.</param>
/// <param name="Output">Report format.</param>
internal sealed record ClientConnection(Uri Server, string? Token, OutputFormat Output);

/// <summary>
/// <c>--server URL</c> (or <c>PROMOSCALER_SERVER</c>, default <c>http://127.0.0.1:9464</c>), <c>--token TOKEN</c> (or
/// <c>PROMOSCALER_TOKEN</c>) and <c>--output</c>, shared by every client command.
/// </summary>
internal sealed class ClientOptions
{
    public const string ServerVariable = "PROMOSCALER_SERVER";
    public const string TokenVariable = "PROMOSCALER_TOKEN";
    public const string DefaultServer = "http://127.0.0.1:9464";

    private readonly Option<Uri?> _server = new("--server")
    {
        Description = $"The daemon's admin URL (default ${ServerVariable}, else {DefaultServer})",
        HelpName = "URL",
        CustomParser = ParseServer,
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"Bearer token (default ${TokenVariable}; prefer the variable: a flag shows in the process list)",
        HelpName = "TOKEN",
    };

    private readonly Option<OutputFormat> _output = SharedOptions.Output();

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_server);
        command.Options.Add(_token);
        command.Options.Add(_output);
    }

    /// <summary>
    /// The connection for a parsed command line; null, with the reason in <paramref name="problem"/>, when
    /// <c>PROMOSCALER_SERVER</c> is not a URL.
    /// </summary>
    public ClientConnection? Connection(ParseResult parsed, out string? problem)
    {
        problem = null;
        var server = parsed.GetValue(_server);
        if (server is null)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(ServerVariable);
            if (string.IsNullOrEmpty(fromEnvironment))
            {
                server = new Uri(DefaultServer);
            }
            else if (!TryUrl(fromEnvironment, out server))
            {
                problem = $"{ServerVariable}: {OptionParsers.Quote(fromEnvironment)} is not an http or https URL";
                return null;
            }
        }

        var token = parsed.GetValue(_token);
        if (string.IsNullOrEmpty(token))
        {
            token = Environment.GetEnvironmentVariable(TokenVariable);
        }

        return new ClientConnection(server!, string.IsNullOrEmpty(token) ? null : token, parsed.GetValue(_output));
    }

    private static Uri? ParseServer(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        if (TryUrl(text, out var url))
        {
            return url;
        }

        result.AddError($"--server: {OptionParsers.Quote(text)} is not an http or https URL (e.g. http://127.0.0.1:9464)");
        return null;
    }

    private static bool TryUrl(string text, out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
