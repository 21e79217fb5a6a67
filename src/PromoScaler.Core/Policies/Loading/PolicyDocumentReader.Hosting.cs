using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// <c>spec.hostedBy</c> and <c>spec.podsPerNode</c>: the VM group policy that runs a pod policy's pods. Whether the
/// named policy exists and is a VM group spans files (<see cref="Validation.HostingRules"/>).
/// </summary>
internal sealed partial class PolicyDocumentReader
{
    /// <summary>The name <c>spec.hostedBy</c> gave, for the checks across documents even when this one has other errors.</summary>
    private string? _hostedBy;

    /// <summary>
    /// Reads the pair (both or neither). Returns false after reporting a problem; <paramref name="link"/> is null when
    /// the policy is not hosted.
    /// </summary>
    private bool ReadHosting(MappingFields fields, TargetRef? target, out HostingLink? link)
    {
        link = null;
        var hostNode = fields.Optional("hostedBy");
        var perNodeNode = fields.Optional("podsPerNode");
        if (hostNode is null)
        {
            if (perNodeNode is not null)
            {
                Error(perNodeNode, "spec.podsPerNode", "applies only with spec.hostedBy (the VM group policy that runs these pods)");
                return false;
            }

            return true;
        }

        var host = ReadMatching(hostNode, "spec.hostedBy", DnsLabel(), 63, "a policy name (DNS-1123 label)");
        _hostedBy = host;
        var ok = host is not null;
        if (target is { IsVmGroup: true })
        {
            Error(hostNode, "spec.hostedBy", "a VM group policy is a host, not hosted: only a pod policy names the group that runs it");
            ok = false;
        }

        int? podsPerNode = null;
        if (perNodeNode is null)
        {
            Error(fields.Node, "spec.podsPerNode", "required with spec.hostedBy: how many of this policy's pods one node runs");
            ok = false;
        }
        else
        {
            podsPerNode = ReadInt(perNodeNode, "spec.podsPerNode", 1);
            ok &= podsPerNode is not null;
        }

        if (ok)
        {
            link = new HostingLink(host!, podsPerNode!.Value);
        }

        return ok;
    }
}
