using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Tests.Fakes;

/// <summary>A state store in memory whose reads and writes a test can make fail.</summary>
internal sealed class ScriptedStateStore(string? document = null) : IStateStore
{
    private readonly Lock _gate = new();
    private string? _document = document;
    private int _version = document is null ? 0 : 1;

    /// <summary>How many of the next reads fail as an unreachable store does.</summary>
    public int FailReads { get; set; }

    public bool FailWrites { get; set; }

    /// <summary>Answer the next write with a conflict (someone else wrote).</summary>
    public bool ConflictNext { get; set; }

    public List<string> Written { get; } = [];

    public ValueTask<StoredState> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailReads > 0)
            {
                FailReads--;
                return ValueTask.FromResult(new StoredState(null, null, "connection refused"));
            }

            return ValueTask.FromResult(_document is null ? StoredState.None : new StoredState(_document, _version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public ValueTask<StateWrite> WriteAsync(string document, string? expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailWrites)
            {
                return ValueTask.FromResult(new StateWrite(StateWriteOutcome.Failed, null, "disk full"));
            }

            if (ConflictNext)
            {
                ConflictNext = false;
                _version++;
                return ValueTask.FromResult(new StateWrite(StateWriteOutcome.Conflict, null, "written by someone else"));
            }

            _document = document;
            _version++;
            Written.Add(document);
            return ValueTask.FromResult(new StateWrite(StateWriteOutcome.Written, _version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public ValueTask<StateCopy> KeepAsideAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StateCopy.At("memory copy"));
}
