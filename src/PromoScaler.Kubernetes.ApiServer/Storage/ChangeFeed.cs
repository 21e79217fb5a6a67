using System.Threading.Channels;
using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Storage;

/// <summary>One stored change, as a watch delivers it.</summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</param>
/// <param name="Key">The object.</param>
/// <param name="Revision">The revision of the change.</param>
/// <param name="Object">The object after the change (before it, for DELETED, with the deletion's revision).</param>
internal sealed record ChangeEvent(string Type, ObjectKey Key, long Revision, JsonObject Object);

/// <summary>
/// The recent changes, kept as etcd keeps its history until compaction: a watch from a revision still in the history
/// gets every change after it, in order; a watch from an older one is told 410 Expired and must relist. Called under
/// the <see cref="ObjectStore"/>'s lock, so the history and the subscriptions agree with the store.
/// </summary>
internal sealed class ChangeFeed(int capacity)
{
    private readonly LinkedList<ChangeEvent> history = new();
    private readonly List<Subscription> subscribers = [];

    /// <summary>Changes up to this revision are no longer kept.</summary>
    public long CompactedRevision { get; private set; }

    public void Record(ChangeEvent change)
    {
        history.AddLast(change);
        while (history.Count > capacity)
        {
            CompactedRevision = history.First!.Value.Revision;
            history.RemoveFirst();
        }

        subscribers.RemoveAll(s => !s.Offer(change));
    }

    /// <summary>Forgets every change up to <paramref name="revision"/>, as a compaction does.</summary>
    public void Compact(long revision)
    {
        while (history.First is { } first && first.Value.Revision <= revision)
        {
            history.RemoveFirst();
        }

        CompactedRevision = Math.Max(CompactedRevision, revision);
    }

    /// <summary>The kept changes after <paramref name="revision"/> that <paramref name="matches"/>, and a channel for the ones to come.</summary>
    public (IReadOnlyList<ChangeEvent> Backlog, ChannelReader<ChangeEvent> Next, Action Cancel) Subscribe(long revision, Func<ChangeEvent, bool> matches)
    {
        var subscription = new Subscription(matches);
        subscribers.Add(subscription);
        var backlog = history.Where(c => c.Revision > revision && matches(c)).ToList();
        return (backlog, subscription.Channel.Reader, () => subscription.Channel.Writer.TryComplete());
    }

    /// <summary>Ends every watch at once, as a dropped connection or an API server restart would.</summary>
    public void EndAll()
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Channel.Writer.TryComplete(new IOException("the watch was dropped"));
        }

        subscribers.Clear();
    }

    private sealed class Subscription(Func<ChangeEvent, bool> matches)
    {
        public Channel<ChangeEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<ChangeEvent>();

        /// <summary>False once the watcher is gone, so it is dropped.</summary>
        public bool Offer(ChangeEvent change) => !matches(change) || Channel.Writer.TryWrite(change);
    }

    internal static bool SameResource(ChangeEvent change, ResourceType type, string? ns) =>
        change.Key.Group == type.Group && change.Key.Plural == type.Plural && (ns is null || change.Key.Namespace == ns);
}

/// <summary>A watch as it starts: the changes to send first, then the live ones.</summary>
internal sealed record WatchStart(IReadOnlyList<ChangeEvent> Backlog, ChannelReader<ChangeEvent> Next, Action Cancel);
