using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Simulation;
using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// What a replay keeps per 15s scoring grid point (requested and ready counts, the reason in force) and the
/// running score, filled as the replay walks its ticks: each grid point sees the count of the last tick at or
/// before it. Shared by every replay so they score the same way.
/// </summary>
internal sealed class GridRecorder
{
    private readonly ReplayContext _context;
    private readonly ScoreAccumulator? _score;
    private readonly int _gridCount;
    private readonly bool _perPoint;
    private int _grid;

    public GridRecorder(ReplayContext context, ReplayRecording recording, ScoreAccumulator? score)
    {
        _context = context;
        _score = score;
        _gridCount = context.GridDemand.Length;
        _perPoint = recording != ReplayRecording.None;
        var points = _perPoint ? _gridCount : 0;
        Requested = new int[points];
        Ready = new int[points];
        Reasons = new GridReasons(points);
    }

    /// <summary>Requested count per grid point (empty when the recording keeps nothing per point).</summary>
    public int[] Requested { get; }

    /// <summary>Ready count per grid point.</summary>
    public int[] Ready { get; }

    /// <summary>Reason in force per grid point.</summary>
    public GridReasons Reasons { get; }

    /// <summary>Records every grid point before <paramref name="next"/> with what <paramref name="target"/> runs now.</summary>
    public void FillUntil(DateTimeOffset next, SimulatedTarget target, ReasonCode reason)
    {
        while (_grid < _gridCount && _context.GridTime(_grid) < next)
        {
            var readyNow = target.ReadyAt(_context.GridTime(_grid));
            _score?.Add(_grid, target.Requested, readyNow);
            if (_perPoint)
            {
                Requested[_grid] = target.Requested;
                Ready[_grid] = readyNow;
                Reasons.Set(_grid, reason);
            }

            _grid++;
        }
    }
}
