using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests;

/// <summary>Runs the real command table in process, with a TestConsole and a fixed clock.</summary>
internal static class CliRunner
{
    /// <summary>2026-11-25T12:00Z.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static string Examples => Path.Combine(AppContext.BaseDirectory, "examples");

    public static string Bad => Path.Combine(AppContext.BaseDirectory, "bad");

    public static (int ExitCode, string[] Lines) Run(DateTimeOffset now, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 1000;
        var exitCode = Program.Run(args, console, new FakeTimeProvider(now));
        var lines = console.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        return (exitCode, lines);
    }

    public static (int ExitCode, string[] Lines) Run(params string[] args) => Run(Now, args);
}
