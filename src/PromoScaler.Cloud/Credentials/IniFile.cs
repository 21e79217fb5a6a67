namespace PromoScaler.Cloud.Credentials;

/// <summary>
/// The INI dialect of credential files (AWS's shared credentials file, Tencent's credential file):
/// <c>[section]</c> headers, <c>key = value</c> lines, <c>#</c> and <c>;</c> comment lines. Keys before the first
/// section belong to the section named "". Later duplicates win, as the AWS CLI reads them.
/// </summary>
internal static class IniFile
{
    public static Dictionary<string, Dictionary<string, string>> Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var current = sections[""] = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                if (!sections.TryGetValue(name, out current))
                {
                    current = sections[name] = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return sections;
    }
}
