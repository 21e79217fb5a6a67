using System.CommandLine;

namespace PromoScaler.Cli;

/// <summary>Format of a command's report.</summary>
internal enum OutputFormat
{
    /// <summary>For people (default).</summary>
    Text,

    /// <summary>One JSON document on stdout, for CI.</summary>
    Json,
}

/// <summary>Options several commands share, created fresh for each command (an option belongs to one parent).</summary>
internal static class SharedOptions
{
    /// <summary><c>--output text|json</c>, default text.</summary>
    public static Option<OutputFormat> Output() => new("--output", "-o")
    {
        Description = "Report format: text for people, json for CI",
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}
