using System.CommandLine;
using System.CommandLine.Parsing;
using PromoScaler.Cli.Commands;

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
    /// <summary>The one spelling of <c>--output</c>'s values, in every command.</summary>
    public static readonly IReadOnlyDictionary<string, OutputFormat> OutputNames =
        new Dictionary<string, OutputFormat>(StringComparer.Ordinal) { ["text"] = OutputFormat.Text, ["json"] = OutputFormat.Json };

    /// <summary><c>--output text|json</c>, default text: the same option, values and messages in every command.</summary>
    public static Option<OutputFormat> Output() => new("--output", "-o")
    {
        Description = "Report format: text for people, json for CI",
        HelpName = "text|json",
        DefaultValueFactory = _ => OutputFormat.Text,
        CustomParser = result => OptionParsers.Choice(result, OutputNames, OutputFormat.Text),
    };

    /// <summary>The value of <c>--output</c> as a user writes it (provenance records it so).</summary>
    public static string OutputName(OutputFormat format) => OutputNames.First(n => n.Value == format).Key;

    /// <summary><c>--prometheus URL</c>: an absolute <c>http</c> or <c>https</c> URL that answers every policy source.</summary>
    public static Option<Uri?> Prometheus(string description) => new("--prometheus")
    {
        Description = description,
        HelpName = "URL",
        CustomParser = ParsePrometheusUrl,
    };

    private static Uri? ParsePrometheusUrl(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--prometheus: {OptionParsers.Quote(text)} is not an http or https URL (e.g. http://prometheus.monitoring:9090)");
        return null;
    }
}
