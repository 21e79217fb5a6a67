namespace PromoScaler.Core.Tests.Policies;

/// <summary>Builds small policy documents for loader tests: a valid minimal policy plus the lines under test.</summary>
internal static class PolicyYaml
{
    /// <param name="name">metadata.name, also the target's name unless <paramref name="targetName"/> is given.</param>
    /// <param name="spec">Extra lines under <c>spec:</c>, indented by two spaces.</param>
    /// <param name="guardrails">Extra lines under <c>spec.guardrails:</c>, indented by four spaces.</param>
    /// <param name="targetName">spec.target.name; default <paramref name="name"/>.</param>
    public static string Policy(string name = "api", string spec = "", string guardrails = "", string? targetName = null) => $"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {name}
        spec:
          target: {"{"} kind: Deployment, namespace: shop, name: {targetName ?? name} {"}"}
          metrics:
            - name: rps
              query: sum(rate(http_requests_total[2m]))
              targetPerReplica: 100
        {Indent(spec, 2)}
          guardrails:
            maxReplicas: 50
        {Indent(guardrails, 4)}
        """;

    private static string Indent(string lines, int spaces) =>
        string.Join("\n", lines.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));
}
