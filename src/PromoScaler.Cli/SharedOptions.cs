using System.CommandLine;
using System.CommandLine.Parsing;

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

    /// <summary><c>--prometheus URL</c>: an absolute <c>http</c> or <c>https</c> URL that answers every policy source.</summary>
    public static Option<Uri?> Prometheus(string description) => new("--prometheus")
    {
        Description = description,
        HelpName = "URL",
        CustomParser = ParsePrometheusUrl,
    };

    private static Uri? ParsePrometheusUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--prometheus: \"{text}\" is not an http or https URL (e.g. http://prometheus.monitoring:9090)");
        return null;
    }
}
