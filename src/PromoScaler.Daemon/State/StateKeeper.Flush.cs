using System.Text.Json;
using PromoScaler.Core.History;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.State;

/// <summary>Writing the memory: only while this replica certainly holds its lease, asked before every write.</summary>
public sealed partial class StateKeeper
{
    /// <summary>
    /// Writes the memory when it changed since the last write (one write at a time), only after a load and only while
    /// this replica may write. A version conflict (another writer) is resolved once by taking the stored version and
    /// writing again, asking the lease again first: the certain leader owns the memory of the targets it writes. A
    /// conflict met while the lease is no longer certain ends this replica's term instead: the other writer is
    /// probably the new leader, and its document must not be overwritten.
    /// </summary>
    /// <returns>False when nothing could be written (the memory is kept and written next time).</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken);
        try
        {
            return await FlushOnceAsync(cancellationToken);
        }
        finally
        {
            _flush.Release();
        }
    }

    private async Task<bool> FlushOnceAsync(CancellationToken cancellationToken)
    {
        if (Snapshot(out var clean) is not { } snapshot)
        {
            return clean;
        }

        if (!_leadership.MayWrite(out var refusal))
        {
            Log.StateWriteRefused(_logger, refusal);
            return false;
        }

        lock (_lock)
        {
            _dirty = false;
        }

        var (result, termEnded) = await WriteResolvingConflictAsync(snapshot.Text, snapshot.Version, cancellationToken);
        if (termEnded)
        {
            return Failed(result);
        }

        _metrics.StateWritten(result.Outcome);
        if (result.Outcome == StateWriteOutcome.Written || result.Version is not null)
        {
            // A store of several documents may fail one and write the others: their new versions are kept.
            lock (_lock)
            {
                _version = result.Version;
            }
        }

        if (result.Outcome == StateWriteOutcome.Written)
        {
            _readiness.StateWritten(null, _time.GetUtcNow());
            return true;
        }

        return Failed(result);
    }

    /// <summary>
    /// The document to write and the version it replaces; null when there is nothing to write (<paramref name="clean"/>
    /// true) or nothing can be (not loaded yet, or a value the format cannot hold: <paramref name="clean"/> false).
    /// </summary>
    private (string Text, string? Version)? Snapshot(out bool clean)
    {
        lock (_lock)
        {
            clean = !_dirty;
            if (clean || !Loaded)
            {
                return null;
            }

            try
            {
                return (Serialize(), _version);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
            {
                // A value the format cannot hold must never stop the loop: reported, retried next round.
                Log.StateWriteFailed(_logger, StateWriteOutcome.Failed, "the state document could not be serialized: " + ex.Message);
                return null;
            }
        }
    }

    /// <summary>
    /// Writes; on a version conflict takes the stored version and writes once more while this replica certainly
    /// leads, or ends its term when it no longer does (<c>TermEnded</c>: the other writer is probably the new leader).
    /// </summary>
    private async Task<(StateWrite Result, bool TermEnded)> WriteResolvingConflictAsync(string text, string? version, CancellationToken cancellationToken)
    {
        var result = await _store.WriteAsync(text, version, cancellationToken);
        if (result.Outcome != StateWriteOutcome.Conflict)
        {
            return (result, false);
        }

        Log.StateConflict(_logger, result.Detail ?? "version changed");
        if (!_leadership.MayWrite(out var refusal))
        {
            _leadership.EndTerm($"the state document was written by someone else while {refusal}");
            return (result, true);
        }

        var current = await _store.ReadAsync(cancellationToken);
        return (_leadership.MayWrite(out refusal)
            ? await _store.WriteAsync(text, current.Version, cancellationToken)
            : new StateWrite(StateWriteOutcome.Failed, null, refusal), false);
    }

    private bool Failed(StateWrite result)
    {
        lock (_lock)
        {
            _dirty = true;
        }

        _readiness.StateWritten(result.Detail ?? result.Outcome.ToString(), _time.GetUtcNow());
        Log.StateWriteFailed(_logger, result.Outcome, result.Detail ?? "");
        return false;
    }

    // The histories come from the decision log now; only the newest decision keeps its explanation. The length that
    // fit last time is where the next flush starts (doubled back towards HistoryKept when there is room): starting
    // from HistoryKept every time serialized a document many times the cap on every round at 1,000 policies, tens of
    // megabytes of large-object garbage each time.
    // With sharding only the policies of shards this replica holds are written (the store writes no other shard's
    // document), and the room is one document per shard held.
    private string Serialize()
    {
        var room = MaxDocumentChars * (long)Math.Max(1, (_store as IStateDocumentBudget)?.Documents ?? 1);
        var mine = _policies.Where(p => _leadership.Evaluates(p.Key)).ToList();
        for (var kept = _fittingHistory; ;)
        {
            var history = _decisions.Recent(kept);
            var policies = new Dictionary<string, PolicyStateEntry>(mine.Count, StringComparer.Ordinal);
            foreach (var (name, entry) in mine)
            {
                policies[name] = entry with { History = kept > 0 && history.TryGetValue(name, out var records) ? Compact(records, kept) : null };
            }

            var text = StateDocumentSerializer.Serialize(new StateDocument(StateDocument.CurrentSchema, policies, _intent));
            if (text.Length <= room || kept == 0)
            {
                _fittingHistory = text.Length * 2 < room ? Math.Min(_historyKept, Math.Max(1, kept * 2)) : kept;
                return text;
            }

            // Histories are most of a large document: shrink them in proportion (with a margin), at least by half.
            kept = Math.Min(kept / 2, (int)(kept * 0.9 * room / text.Length));
        }
    }

    private static List<DecisionRecord> Compact(IReadOnlyList<DecisionRecord> records, int kept)
    {
        var recent = records.Skip(Math.Max(0, records.Count - kept)).ToList();
        for (var i = 0; i < recent.Count - 1; i++)
        {
            recent[i] = recent[i] with { Explanation = [] };
        }

        return recent;
    }
}
