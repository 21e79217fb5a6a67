using PromoScaler.Testing.Admin;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Client;

/// <summary>Runs a client command of the real command table against a host, on the host's clock.</summary>
internal static class ClientRunner
{
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(AdminApiHost host, string? token, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 100;
        var errors = new TestConsole();
        errors.Profile.Width = 1000;
        var connection = new List<string> { "--server", host.Address.ToString() };
        if (token is not null)
        {
            connection.AddRange(["--token", token]);
        }

        var exitCode = await Program.RunAsync([.. args, .. connection], console, host.Time, errors);
        return (exitCode, console.Output, errors.Output);
    }
}
