using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Policies.Validation;

/// <summary>Checks across every document of a load: unique policy names, and one policy per target (they would fight).</summary>
internal static class PolicySetRules
{
    public static IEnumerable<PolicyDiagnostic> Check(IReadOnlyList<PolicyDocument> documents)
    {
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var targets = new Dictionary<string, (string Policy, SourceLocation At)>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Name is { } name)
            {
                var at = document.LocationOf("metadata.name");
                if (names.TryGetValue(name, out var first))
                {
                    yield return new PolicyDiagnostic(
                        DiagnosticSeverity.Error, at, "metadata.name", $"duplicate policy name \"{name}\" (first at {first})");
                }
                else
                {
                    names[name] = at;
                }
            }

            if (document.Target is { } target)
            {
                var at = document.LocationOf("spec.target");
                if (targets.TryGetValue(target.Key, out var owner))
                {
                    yield return new PolicyDiagnostic(
                        DiagnosticSeverity.Error,
                        at,
                        "spec.target",
                        $"{target} is already the target of policy \"{owner.Policy}\" ({owner.At}); two policies on one target would fight");
                }
                else
                {
                    targets[target.Key] = (document.Name ?? "?", at);
                }
            }
        }
    }
}
