using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PromoScaler.Admin.WebConsole;

/// <summary>
/// The reason documentation (docs/reasons.md, embedded in the assembly) as an HTML page, so every reason code the
/// console shows links to its entry without the network. Renders the subset that file uses: headings, paragraphs,
/// tables and inline code. Each row whose first cell is a code gets that code as its anchor (<c>#prewarmFloor</c>).
/// </summary>
internal static partial class ReasonsPage
{
    /// <summary>The page's HTML; the markdown is escaped before any markup is added.</summary>
    public static string Render(string markdown)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PromoScaler reason codes</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<link rel=\"stylesheet\" href=\"/assets/console.css\"></head><body class=\"reasons\">")
            .Append("<header class=\"bar\"><a href=\"/\" class=\"brand\">PromoScaler</a></header><main>");
        var paragraph = new List<string>();
        var inTable = false;
        foreach (var raw in markdown.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (!line.StartsWith('|') && inTable)
            {
                html.Append("</tbody></table>");
                inTable = false;
            }

            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('|'))
            {
                Flush(html, paragraph);
            }

            if (line.StartsWith('#'))
            {
                var level = Math.Min(line.TakeWhile(c => c == '#').Count(), 6);
                html.Append("<h").Append(level).Append('>').Append(Inline(line[level..].Trim())).Append("</h").Append(level).Append('>');
            }
            else if (line.StartsWith('|'))
            {
                inTable = Row(html, line, inTable);
            }
            else if (line.Length > 0)
            {
                paragraph.Add(line);
            }
        }

        Flush(html, paragraph);
        if (inTable)
        {
            html.Append("</tbody></table>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    private static bool Row(StringBuilder html, string line, bool inTable)
    {
        var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToList();
        if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':')))
        {
            return inTable;
        }

        if (!inTable)
        {
            html.Append("<table><thead><tr>");
            foreach (var cell in cells)
            {
                html.Append("<th>").Append(Inline(cell)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            return true;
        }

        html.Append("<tr>");
        for (var i = 0; i < cells.Count; i++)
        {
            html.Append("<td");
            if (i == 0)
            {
                // `scaleUp` / `scaleDown`: the first code is the anchor; the others get an empty anchor of their own.
                var codes = CodePattern().Matches(cells[0]).Select(m => m.Groups[1].Value).ToList();
                if (codes.Count > 0)
                {
                    html.Append(" id=\"").Append(WebUtility.HtmlEncode(codes[0])).Append('"');
                }

                html.Append('>');
                foreach (var extra in codes.Skip(1))
                {
                    html.Append("<a id=\"").Append(WebUtility.HtmlEncode(extra)).Append("\"></a>");
                }
            }
            else
            {
                html.Append('>');
            }

            html.Append(Inline(cells[i])).Append("</td>");
        }

        html.Append("</tr>");
        return true;
    }

    private static void Flush(StringBuilder html, List<string> paragraph)
    {
        if (paragraph.Count > 0)
        {
            html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>");
            paragraph.Clear();
        }
    }

    private static string Inline(string text) =>
        InlineCodePattern().Replace(WebUtility.HtmlEncode(text), m => "<code>" + m.Groups[1].Value + "</code>");

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex CodePattern();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex InlineCodePattern();
}
