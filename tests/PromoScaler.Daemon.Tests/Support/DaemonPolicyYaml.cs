namespace PromoScaler.Daemon.Tests.Support;

/// <summary>Small policies for the daemon's tests: one metric <c>rps</c> (query <c>rps_{name}</c>, 100 per replica).</summary>
internal static class DaemonPolicyYaml
{
    /// <summary>The query of a policy's metric, for setting its value.</summary>
    public static string Query(string name) => $"rps_{name.Replace('-', '_')}";

    public static string Policy(string name, string interval = "15s", string extraSpec = "", string guardrails = "") => $$"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {{name}}
        spec:
          target: { kind: Deployment, namespace: shop, name: {{name}} }
          interval: {{interval}}
          metrics:
            - name: rps
              query: {{Query(name)}}
              targetPerReplica: 100
        {{extraSpec}}
          guardrails:
            minReplicas: 1
            maxReplicas: 50
        {{guardrails}}
        """;
}
