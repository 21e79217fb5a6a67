using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace PromoScaler.Cli.Preflight;

/// <summary>The preflight report as a table for people or one JSON document for CI.</summary>
internal static class PreflightWriter
{
    public static void WriteTable(IReadOnlyList<PreflightFinding> findings, DateTimeOffset from, DateTimeOffset to, IAnsiConsole console)
    {
        console.WriteLine($"Pre-warms active between {Iso(from)} and {Iso(to)}: {findings.Count}");
        if (findings.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("policy", "window", "floor from", "start", "floor", "reachable", "blocked by", "notes");
        foreach (var f in findings)
        {
            table.AddRow(
                Markup.Escape(f.Policy),
                Markup.Escape(f.Window),
                Iso(f.ActiveFrom),
                Iso(f.Start),
                f.Floor?.ToString(CultureInfo.InvariantCulture) ?? "?",
                f.Reachable?.ToString(CultureInfo.InvariantCulture) ?? "?",
                f.Clipped ? $"[red]{Markup.Escape(string.Join("; ", f.Blocks.Select(Describe)))}[/]" : "[green]-[/]",
                Markup.Escape(string.Join("; ", f.Notes)));
        }

        console.Write(table);
        var clipped = findings.Count(f => f.Clipped);
        console.MarkupLine(clipped == 0 ? "[green]Every pre-warm can reach its floor.[/]" : $"[red]{clipped} pre-warm(s) would be clipped.[/]");
    }

    public static void WriteJson(IReadOnlyList<PreflightFinding> findings, DateTimeOffset from, DateTimeOffset to, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, findings, from, to);
        }

        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Write(Utf8JsonWriter json, IReadOnlyList<PreflightFinding> findings, DateTimeOffset from, DateTimeOffset to)
    {
        json.WriteStartObject();
        json.WriteString("from", from);
        json.WriteString("to", to);
        json.WriteBoolean("clipped", findings.Any(f => f.Clipped));
        json.WriteStartArray("prewarms");
        foreach (var f in findings)
        {
            json.WriteStartObject();
            json.WriteString("policy", f.Policy);
            json.WriteString("target", f.Target);
            json.WriteString("window", f.Window);
            json.WriteString("start", f.Start);
            json.WriteString("activeFrom", f.ActiveFrom);
            WriteNumber(json, "floor", f.Floor);
            WriteNumber(json, "reachable", f.Reachable);
            json.WriteBoolean("clipped", f.Clipped);
            json.WriteStartArray("blocks");
            foreach (var b in f.Blocks)
            {
                json.WriteStartObject();
                json.WriteString("limit", b.Limit);
                json.WriteNumber("value", b.Value);
                json.WriteNumber("short", b.Short);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            f.Notes.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Describe(PreflightBlock b) => $"{b.Limit} {b.Value} (short by {b.Short})";

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
