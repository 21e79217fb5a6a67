using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace PromoScaler.Daemon.Sharding;

/// <summary>
/// A member Lease that also says where its holder's admin API answers: the annotation <see cref="Annotation"/>
/// (<c>{"holder":"replica-a/3","url":"http://10.1.2.3:9464"}</c>) is written in the same update as the holder, and
/// read back only when it names the holder the Lease names, so a slot taken over by a replica that advertises
/// nothing (an older version keeps the annotations it read) never sends a change to the previous holder.
/// </summary>
internal sealed class AdvertisingLeaseLock(IKubernetes client, string ns, string name, string identity, Func<string?> advertise)
    : LeaseLock(client, ns, name, identity)
{
    /// <summary>The annotation key.</summary>
    public const string Annotation = "promoscaler.io/admin-api";

    /// <summary>The admin URL the holder advertised, as last read; null when none (or not its own).</summary>
    public Uri? Advertised { get; private set; }

    protected override LeaderElectionRecord GetLeaderElectionRecord(V1Lease obj)
    {
        var record = base.GetLeaderElectionRecord(obj);
        Advertised = obj?.Metadata?.Annotations is { } annotations && annotations.TryGetValue(Annotation, out var text)
            ? Parse(text, record?.HolderIdentity)
            : null;
        return record!;
    }

    protected override V1Lease SetLeaderElectionRecord(LeaderElectionRecord record, V1Lease metaObj)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lease = base.SetLeaderElectionRecord(record, metaObj);
        lease.Metadata ??= new V1ObjectMeta();
        lease.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (record.HolderIdentity == Identity && advertise() is { } url)
        {
            lease.Metadata.Annotations[Annotation] = new JsonObject { ["holder"] = record.HolderIdentity, ["url"] = url }.ToJsonString();
        }
        else
        {
            lease.Metadata.Annotations.Remove(Annotation); // released, or nothing to advertise
        }

        return lease;
    }

    private static Uri? Parse(string text, string? holder)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o
                && o["holder"] is JsonValue h && h.TryGetValue<string>(out var named) && named == holder
                && o["url"] is JsonValue u && u.TryGetValue<string>(out var url)
                && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : null;
        }
        catch (JsonException)
        {
            return null; // written by hand or by something else: not an address to send changes to
        }
    }
}
