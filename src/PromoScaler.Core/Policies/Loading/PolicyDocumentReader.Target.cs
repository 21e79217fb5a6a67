using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary><c>spec.target</c>: Kubernetes' kinds here, the VM group kinds in <c>PolicyDocumentReader.VmGroup.cs</c>.</summary>
internal sealed partial class PolicyDocumentReader
{
    /// <summary>Kubernetes' kinds, then the VM group kinds the adapters registered, by name.</summary>
    private static Dictionary<string, TargetKind> TargetKindNames() =>
        TargetKind.Kubernetes.Concat(TargetKinds.VmGroups.Select(k => k.Kind)).ToDictionary(k => k.Name, StringComparer.Ordinal);

    private TargetRef? ReadTarget(YamlNode node)
    {
        if (Fields(node, "spec.target", "spec.target") is not { } fields)
        {
            return null;
        }

        var kind = fields.Required("kind") is { } k ? ReadEnum(k, "spec.target.kind", TargetKindNames()) : null;
        if (kind is { } named && TargetKinds.FindVmGroup(named.Name) is { } vmGroup)
        {
            return ReadVmGroupTarget(fields, vmGroup);
        }

        RefuseVmGroupFields(fields);
        var ns = fields.Required("namespace") is { } n
            ? ReadMatching(n, "spec.target.namespace", DnsLabel(), 63, "a Kubernetes namespace (DNS-1123 label)")
            : null;
        var name = fields.Required("name") is { } nm
            ? ReadMatching(nm, "spec.target.name", DnsSubdomain(), 253, "a Kubernetes object name (DNS-1123 subdomain)")
            : null;

        string? apiVersion = null;
        string? resource = null;
        if (kind == TargetKind.Scale)
        {
            // Any object with a /scale subresource is addressed by group/version and plural resource.
            apiVersion = fields.Required("apiVersion") is { } av ? ReadNonEmptyString(av, "spec.target.apiVersion") : null;
            resource = fields.Required("resource") is { } r
                ? ReadMatching(r, "spec.target.resource", DnsLabel(), 63, "a plural resource name such as rollouts")
                : null;
        }
        else if (kind is not null)
        {
            foreach (var extra in new[] { "apiVersion", "resource" })
            {
                if (fields.Optional(extra) is { } x)
                {
                    Error(x, $"spec.target.{extra}", "applies only to kind Scale");
                }
            }
        }

        if (kind is null || ns is null || name is null || (kind == TargetKind.Scale && (apiVersion is null || resource is null)))
        {
            return null;
        }

        return new TargetRef(kind.Value, ns, name, apiVersion, resource);
    }

    /// <summary>The fields of the registered VM group kinds, each an error on a target of Kubernetes' kinds.</summary>
    private void RefuseVmGroupFields(MappingFields fields)
    {
        var vmGroups = TargetKinds.VmGroups;
        var cloudOnly = vmGroups.Select(g => g.Group.Key).Distinct().Prepend("region").Append("credentials").Append("endpoint");
        var kinds = string.Join(", ", vmGroups.Select(g => g.Name));
        foreach (var field in vmGroups.Count == 0 ? [] : cloudOnly)
        {
            if (fields.Optional(field) is { } x)
            {
                Error(x, $"spec.target.{field}", $"applies only to the VM group kinds ({kinds})");
            }
        }
    }
}
