namespace PromoScaler.Daemon.State;

/// <summary>Loading the stored memory: a bad part costs only itself, and what was lost is kept aside and said.</summary>
public sealed partial class StateKeeper
{
    private StateLoss? _loss;

    /// <summary>True once a load finished (found, empty, or read with parts lost); false while the store cannot be read.</summary>
    public bool Loaded { get; private set; }

    /// <summary>What the last load could not read, and where the copy is; null when it read everything.</summary>
    public StateLoss? Loss
    {
        get
        {
            lock (_lock)
            {
                return _loss;
            }
        }
    }

    /// <summary>
    /// Replaces the memory with what the store holds. Each part is read on its own: a bad one is dropped with a
    /// reason and the rest kept. A document that could not be read fully is copied aside by a replica that may write
    /// (before its next write replaces it) and reported (log, <c>/readyz</c> warning, status, an Event where the store
    /// can hold one). A store that cannot be read at all (unreachable, forbidden) is not taken for an empty one: the
    /// memory is not replaced, <see cref="Loaded"/> stays false, and the caller tries again.
    /// </summary>
    /// <returns>True when the store was read (whatever it held).</returns>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ReadAsync(cancellationToken);
        var now = _time.GetUtcNow();
        if (stored is { Problem: { } unreadable, Document: null, Version: null })
        {
            lock (_lock)
            {
                Loaded = false; // a term must not start from memory it could not read
            }

            Log.StateUnreadable(_logger, unreadable);
            _metrics.StateLoaded("unreadable");
            _readiness.StateUnreadable(unreadable);
            return false;
        }

        var problems = new List<string>();
        if (stored.Problem is { } problem)
        {
            problems.Add(problem + "; nothing in it could be read");
        }

        var document = stored.Document is { } text ? StateDocumentSerializer.Deserialize(text, problems) : StateDocument.Empty;
        foreach (var p in problems)
        {
            Log.StateLost(_logger, p);
        }

        var loss = problems.Count == 0 ? null : await KeepAsideAsync(problems, now, cancellationToken);
        _metrics.StateLoaded(loss is null ? "ok" : "lost");
        lock (_lock)
        {
            _policies = new Dictionary<string, PolicyStateEntry>(document.Policies, StringComparer.Ordinal);
            _intent = document.Intent;
            _version = stored.Version;
            _dirty = false;
            _loss = loss ?? (_loss is { Copy: not null } earlier ? earlier : null);
            Loaded = true;
        }

        _readiness.StateLoaded(_loss?.Describe());
        Log.StateLoaded(_logger, document.Policies.Count, stored.Version ?? "none");
        return true;
    }

    // Only a replica that may write keeps the copy: a follower's copy would race the leader's, and the leader loads
    // the document again when its term starts.
    private async Task<StateLoss> KeepAsideAsync(List<string> problems, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reason = string.Join("; ", problems);
        if (!_leadership.MayWrite(out var refusal))
        {
            return new StateLoss(now, problems, null, $"no copy kept by this replica ({refusal}); the leader keeps one when it loads the state");
        }

        var copy = await _store.KeepAsideAsync(reason, now, cancellationToken);
        if (copy.Location is { } location)
        {
            Log.StateKeptAside(_logger, location);
        }
        else
        {
            Log.StateNotKeptAside(_logger, copy.Problem ?? "unknown");
        }

        return new StateLoss(now, problems, copy.Location, copy.Problem);
    }
}

/// <summary>What a load could not read.</summary>
/// <param name="At">When the load happened.</param>
/// <param name="Problems">One line per part dropped.</param>
/// <param name="Copy">Where the document as it was is kept; null when no copy was made.</param>
/// <param name="CopyProblem">Why no copy was made.</param>
public sealed record StateLoss(DateTimeOffset At, IReadOnlyList<string> Problems, string? Copy, string? CopyProblem)
{
    /// <summary>One line for status and <c>/readyz</c>.</summary>
    public string Describe()
    {
        var what = Problems.Count == 1 ? Problems[0] : $"{Problems.Count} parts could not be read, first: {Problems[0]}";
        var where = Copy is { } copy ? $"the document as it was is kept in {copy}" : CopyProblem ?? "no copy was kept";
        return $"state partly lost at load ({At:yyyy-MM-dd HH:mm:ss}Z): {what}; {where}";
    }
}
