using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// <c>fieldSelector</c> and <c>labelSelector</c> of a list, in their equality forms (<c>a.b=c</c>, <c>a==c</c>,
/// <c>a!=c</c>, comma for "and"); set-based label selectors are refused with 400 rather than ignored.
/// </summary>
internal static class Selectors
{
    public static Func<JsonObject, bool> Parse(string? fieldSelector, string? labelSelector)
    {
        var fields = Terms(fieldSelector, "fieldSelector");
        var labels = Terms(labelSelector, "labelSelector");
        return o =>
            fields.All(t => t.Matches((string?)Scalar(JsonPaths.Get(o, t.Key))))
            && labels.All(t => t.Matches((string?)(o["metadata"]?["labels"] as JsonObject)?[t.Key]));
    }

    private static string? Scalar(JsonNode? node) => node is JsonValue v ? v.ToString() : null;

    private static List<Term> Terms(string? selector, string parameter)
    {
        var terms = new List<Term>();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return terms;
        }

        foreach (var raw in selector.Split(','))
        {
            var (op, at) = raw.Contains("!=", StringComparison.Ordinal) ? ("!=", raw.IndexOf("!=", StringComparison.Ordinal))
                : raw.Contains("==", StringComparison.Ordinal) ? ("==", raw.IndexOf("==", StringComparison.Ordinal))
                : ("=", raw.IndexOf('=', StringComparison.Ordinal));
            if (at <= 0)
            {
                throw new ApiStatusException(400, ApiStatus.BadRequest($"unable to parse requirement \"{raw}\" of {parameter}: only equality terms are served"));
            }

            terms.Add(new Term(raw[..at].Trim(), raw[(at + op.Length)..].Trim(), op == "!="));
        }

        return terms;
    }

    private sealed record Term(string Key, string Value, bool Negated)
    {
        public bool Matches(string? actual) => (actual == Value) != Negated;
    }
}
