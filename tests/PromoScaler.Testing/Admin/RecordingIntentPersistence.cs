using System.Collections.Concurrent;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;

namespace PromoScaler.Testing.Admin;

/// <summary>Keeps every snapshot it was asked to persist; refuses while <see cref="Refusal"/> is set.</summary>
public sealed class RecordingIntentPersistence : IIntentPersistence
{
    private readonly ConcurrentQueue<IntentSnapshot> _written = new();

    /// <summary>When set, every persist is refused with this problem.</summary>
    public string? Refusal { get; set; }

    public IReadOnlyCollection<IntentSnapshot> Written => _written;

    public IntentSnapshot? Last => _written.LastOrDefault();

    public async ValueTask<IntentPersistResult> PersistAsync(IntentSnapshot snapshot, CancellationToken cancellationToken)
    {
        // A real store answers asynchronously; yielding lets concurrent requests pile up behind the writer.
        await Task.Yield();
        if (Refusal is { } problem)
        {
            return IntentPersistResult.Refused(problem);
        }

        _written.Enqueue(snapshot);
        return IntentPersistResult.Ok;
    }
}
