using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.State;
using Prometheus;

namespace PromoScaler.Daemon.Sharding;

/// <summary>
/// The state document kept as one document per shard (a ConfigMap each), so no two replicas ever write the same one.
/// Every replica reads all of them, merged into the one document the <see cref="State.StateKeeper"/> knows (a policy
/// that moved between shards when the count changed is found wherever it was written last); a write splits the
/// document by the shard of each policy (engine memory, history, operator intent, audit entries) and writes only the
/// parts of shards this replica certainly holds, and only those that changed. The version is the shards' versions
/// joined by <c>|</c>. Documents of a larger, earlier shard count are still read (up to the first that does not exist).
/// A shard's document is at most <see cref="MaxShardDocumentBytes"/>: one over it is written without its decision
/// histories, and one still over it is not written at all, said in the log (6112) and by
/// <c>promoscaler_state_document_bytes</c>, before the API server could refuse it.
/// </summary>
internal sealed partial class ShardedStateStore(Func<int, IStateStore> storeOf, IShardOwnership leadership, ILogger? logger = null, IMetricFactory? metrics = null)
    : IStateStore, IStateDocumentBudget
{
    /// <summary>The largest shard document written, in UTF-8 bytes: a ConfigMap's 1 MiB with room for its metadata.</summary>
    internal const int MaxShardDocumentBytes = StateKeeper.MaxDocumentChars;

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Gauge _bytes = (metrics ?? Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())).CreateGauge(
        "promoscaler_state_document_bytes", "Size in bytes of the last state document of each shard this replica wrote or tried to write.", ["shard"]);

    /// <summary>Documents of an earlier, larger shard count are looked for up to this index (the largest count allowed).</summary>
    private const int MaxProbed = 64;
    private readonly Dictionary<int, IStateStore> _stores = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string?> _lastText = [];

    private int Shards => leadership.Shards;

    /// <summary>The shards this replica may write now: each one document's room.</summary>
    public int Documents => Enumerable.Range(0, Shards).Count(i => leadership.MayWriteShard(i, out _));

    public async ValueTask<StoredState> ReadAsync(CancellationToken cancellationToken)
    {
        var reads = (await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => Store(i).ReadAsync(cancellationToken).AsTask()))).ToList();
        for (var i = Shards; i < MaxProbed; i++)
        {
            var extra = await Store(i).ReadAsync(cancellationToken);
            if (extra.Version is null)
            {
                break; // no document of an earlier, larger count from here on (or none this replica may read)
            }

            reads.Add(extra);
        }

        if (reads.Select((r, i) => (r, i)).FirstOrDefault(x => x.r is { Problem: not null, Document: null, Version: null }) is { r: not null } unreadable)
        {
            return new StoredState(null, null, $"the state document of shard {unreadable.i} could not be read: {unreadable.r.Problem}");
        }

        lock (_gate)
        {
            for (var i = 0; i < reads.Count; i++)
            {
                _lastText[i] = reads[i].Document;
            }
        }

        var version = string.Join('|', reads.Select(r => r.Version ?? ""));
        var problems = reads.Select((r, i) => r.Problem is { } p ? $"shard {i}: {p}" : null).OfType<string>().ToList();
        var merged = Merge(reads.Select(r => r.Document).ToList(), problems);
        return new StoredState(merged, reads.All(r => r.Version is null) ? null : version, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    public async ValueTask<StateWrite> WriteAsync(string document, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (JsonNode.Parse(document) is not JsonObject root)
        {
            return new StateWrite(StateWriteOutcome.Failed, null, "the state document is not a JSON object");
        }

        var versions = (expectedVersion ?? "").Split('|');
        var next = Enumerable.Range(0, Math.Max(versions.Length, Shards)).Select(i => i < versions.Length && versions[i].Length > 0 ? versions[i] : null).ToArray();
        var parts = Split(root);
        string? tooLarge = null;
        for (var i = 0; i < Shards; i++)
        {
            if (!leadership.MayWriteShard(i, out _))
            {
                continue; // another replica's document: never written here
            }

            if (Fitted(i, parts[i]) is not { } text)
            {
                // The other shards are still written: one shard too large must not cost the others their memory.
                tooLarge ??= $"shard {i}: {TooLarge(i, parts[i])}";
                continue;
            }

            lock (_gate)
            {
                if (_lastText.GetValueOrDefault(i) == text || (next[i] is null && _lastText.GetValueOrDefault(i) is null && IsEmpty(parts[i])))
                {
                    continue;
                }
            }

            var result = await Store(i).WriteAsync(text, next[i], cancellationToken);
            if (result.Outcome != StateWriteOutcome.Written)
            {
                return new StateWrite(result.Outcome, null, $"shard {i}: {result.Detail}");
            }

            next[i] = result.Version;
            lock (_gate)
            {
                _lastText[i] = text;
            }
        }

        var version = string.Join('|', next.Select(v => v ?? ""));
        return tooLarge is null ? new StateWrite(StateWriteOutcome.Written, version) : new StateWrite(StateWriteOutcome.Failed, version, tooLarge);
    }

    private IStateStore Store(int shard)
    {
        lock (_gate)
        {
            if (!_stores.TryGetValue(shard, out var store))
            {
                _stores[shard] = store = storeOf(shard);
            }

            return store;
        }
    }

    public async ValueTask<StateCopy> KeepAsideAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var copies = new List<StateCopy>();
        for (var i = 0; i < Shards; i++)
        {
            if (leadership.MayWriteShard(i, out _))
            {
                copies.Add(await Store(i).KeepAsideAsync(reason, at, cancellationToken));
            }
        }

        var kept = copies.Select(c => c.Location).OfType<string>().ToList();
        return kept.Count > 0
            ? StateCopy.At(string.Join(", ", kept))
            : StateCopy.Failed(copies.Select(c => c.Problem).OfType<string>().FirstOrDefault() ?? "this replica holds no shard to keep a copy of");
    }
}
