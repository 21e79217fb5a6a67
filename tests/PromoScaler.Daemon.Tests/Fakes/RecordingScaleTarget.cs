using System.Collections.Concurrent;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Tests.Fakes;

/// <summary>
/// A target that keeps a spec count and records every write. Scripted outcomes (<see cref="Script"/>) answer the next
/// writes instead of applying them; a scripted <see cref="TargetOutcome.Conflict"/> can also move the count, as
/// another writer would have.
/// </summary>
internal sealed class RecordingScaleTarget(TargetRef target, int replicas) : IScaleTarget
{
    private readonly Lock _lock = new();

    public TargetRef Target { get; } = target;

    public int Replicas { get; set; } = replicas;

    public List<ScaleRequest> Writes { get; } = [];

    public int Observations;

    /// <summary>Answers to the next writes, first first; each may change the count before answering.</summary>
    public Queue<(TargetOutcome Outcome, int? MoveTo)> Script { get; } = new();

    /// <summary>When set, observing fails this way.</summary>
    public TargetOutcome? ObserveFailure { get; set; }

    /// <summary>When set, observing throws (an adapter bug).</summary>
    public bool Throws { get; set; }

    /// <summary>When set, observing waits for it (a slow target).</summary>
    public Task? ObserveGate { get; set; }

    public async ValueTask<TargetRead> ObserveAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Observations);
        if (ObserveGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (Throws)
        {
            throw new InvalidOperationException("adapter bug");
        }

        lock (_lock)
        {
            return ObserveFailure is { } failure
                ? TargetRead.Failed(failure, $"{failure} from the fake")
                : TargetRead.Of(new TargetObservation(Replicas, Replicas, Replicas));
        }
    }

    public ValueTask<TargetWrite> WriteAsync(ScaleRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Writes.Add(request);
            if (Script.TryDequeue(out var next))
            {
                if (next.MoveTo is { } moved)
                {
                    Replicas = moved;
                }

                if (next.Outcome != TargetOutcome.Ok)
                {
                    return ValueTask.FromResult(TargetWrite.Failed(next.Outcome, $"{next.Outcome} from the fake"));
                }
            }

            Replicas = request.Replicas;
            return ValueTask.FromResult(TargetWrite.Done(request.Replicas));
        }
    }
}

/// <summary>Serves every target with a <see cref="RecordingScaleTarget"/> (one per target, kept by name).</summary>
internal sealed class RecordingTargetProvider(int initialReplicas = 2) : IScaleTargetProvider
{
    public ConcurrentDictionary<string, RecordingScaleTarget> Targets { get; } = new(StringComparer.Ordinal);

    public int InitialReplicas { get; set; } = initialReplicas;

    public RecordingScaleTarget this[string name] => Targets[name];

    public bool Serves(TargetRef target) => true;

    public IScaleTarget Create(TargetRef target) => Targets.GetOrAdd(target.Name, _ => new RecordingScaleTarget(target, InitialReplicas));
}
