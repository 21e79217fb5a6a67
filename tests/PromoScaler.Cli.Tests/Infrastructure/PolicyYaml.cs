using System.Text;

namespace PromoScaler.Cli.Tests.Infrastructure;

/// <summary>Small valid ScalingPolicy documents for command tests.</summary>
internal static class PolicyYaml
{
    /// <summary>One metric as YAML list item lines: name, query and the extra fields given.</summary>
    public static string Metric(string name, string query, double targetPerReplica = 10, string extra = "") =>
        $"""
            - name: {name}
              query: '{query.Replace("'", "''", StringComparison.Ordinal)}'
              targetPerReplica: {targetPerReplica.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        {(extra.Length == 0 ? "" : "      " + extra + "\n")}
        """;

    /// <summary>A policy on Deployment <c>shop/{name}</c> with the given metric items and body lines under spec.</summary>
    public static string Policy(string name, IEnumerable<string> metrics, string spec = "")
    {
        var text = new StringBuilder();
        text.Append($"""
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata:
              name: {name}
            spec:
              target: {"{"} kind: Deployment, namespace: shop, name: {name} {"}"}
              interval: 15s
              startup: 30s
              metrics:

            """);
        foreach (var metric in metrics)
        {
            text.Append(metric);
        }

        text.Append(spec);
        if (!spec.Contains("guardrails:", StringComparison.Ordinal))
        {
            text.Append("  guardrails: { minReplicas: 1, maxReplicas: 100 }\n");
        }

        return text.ToString();
    }
}
