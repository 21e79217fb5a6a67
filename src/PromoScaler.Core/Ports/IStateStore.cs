namespace PromoScaler.Core.Ports;

/// <summary>
/// Where the daemon keeps what must outlive a restart or a failover: the engine's memory per policy and operator
/// intent (overrides, pauses, runtime pre-warms). The store holds one opaque document; its schema belongs to the
/// daemon, so a file and a ConfigMap hold exactly the same bytes. Implementations never throw for a missing,
/// unreadable or corrupt document: they report it, and the daemon starts from the engine's seeded state.
/// </summary>
public interface IStateStore
{
    /// <summary>Reads the document and its version (for optimistic concurrency).</summary>
    ValueTask<StoredState> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the document when the stored version is still <paramref name="expectedVersion"/> (null: no document
    /// was read); durable when it returns <see cref="StateWriteOutcome.Written"/>.
    /// </summary>
    ValueTask<StateWrite> WriteAsync(string document, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a copy of what is stored now beside it, untouched, before a write replaces it: the daemon could not read
    /// all of it (<paramref name="reason"/>). The copy is never read back; it is there for a person.
    /// </summary>
    /// <param name="reason">What could not be read, for the copy's label and the Event.</param>
    /// <param name="at">Names the copy.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Where the copy is, or why none could be made. Never throws for a store failure.</returns>
    ValueTask<StateCopy> KeepAsideAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>Where a kept-aside copy went.</summary>
/// <param name="Location">The copy's file path or object name; null when none was made.</param>
/// <param name="Problem">Why no copy was made; null when one was.</param>
public sealed record StateCopy(string? Location, string? Problem)
{
    /// <summary>A copy at <paramref name="location"/>.</summary>
    public static StateCopy At(string location) => new(location, null);

    /// <summary>No copy, because of <paramref name="problem"/>.</summary>
    public static StateCopy Failed(string problem) => new(null, problem);
}

/// <summary>What a read found.</summary>
/// <param name="Document">The stored text; null when there is none or it could not be read.</param>
/// <param name="Version">The version to pass to the next write (a resourceVersion, a content hash).</param>
/// <param name="Problem">Why the document could not be read (unreadable, not UTF-8, ...); null when fine or absent.</param>
public sealed record StoredState(string? Document, string? Version, string? Problem = null)
{
    /// <summary>No document yet (first start).</summary>
    public static StoredState None { get; } = new(null, null);
}

/// <summary>How a write ended.</summary>
public enum StateWriteOutcome
{
    /// <summary>Stored durably.</summary>
    Written,
    /// <summary>Someone else wrote since <c>expectedVersion</c>: read again and merge.</summary>
    Conflict,
    /// <summary>The store could not be written (I/O error, API error, forbidden).</summary>
    Failed,
}

/// <summary>The result of a write.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Version">The new version when written.</param>
/// <param name="Detail">What failed, when it did.</param>
public sealed record StateWrite(StateWriteOutcome Outcome, string? Version, string? Detail = null);
