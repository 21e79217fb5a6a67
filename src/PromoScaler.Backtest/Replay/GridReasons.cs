using System.Collections;
using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>The reason in force at each grid point, one byte each (a <see cref="ReasonCode"/> array takes four).</summary>
internal sealed class GridReasons : IReadOnlyList<ReasonCode>
{
    private readonly byte[] _codes;

    public GridReasons(int count) => _codes = count == 0 ? [] : new byte[count];

    public int Count => _codes.Length;

    public ReasonCode this[int index] => (ReasonCode)_codes[index];

    public void Set(int index, ReasonCode reason) => _codes[index] = checked((byte)reason);

    public IEnumerator<ReasonCode> GetEnumerator()
    {
        for (var i = 0; i < _codes.Length; i++)
        {
            yield return (ReasonCode)_codes[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
