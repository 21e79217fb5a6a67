using System.Collections;
using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// A run's decisions packed into 32 bytes each (a <see cref="TickRecord"/> takes 64): the instant as UTC ticks,
/// the counts as plain ints with a sentinel for "no proposal", the reason and forecast status as bytes. A year at
/// 15s is two million decisions.
/// </summary>
internal sealed class TickLog : IReadOnlyList<TickRecord>
{
    private const int None = int.MinValue;

    private Entry[] _entries;

    public TickLog(int capacity) => _entries = capacity == 0 ? [] : new Entry[capacity];

    public static TickLog Empty { get; } = new(0);

    public int Count { get; private set; }

    public TickRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            ref readonly var e = ref _entries[index];
            var components = new DecisionComponents(Optional(e.Reactive), Optional(e.Predictive), Optional(e.Floor), e.Raw);
            ForecastStatus? forecast = e.Forecast == 0 ? null : (ForecastStatus)(e.Forecast - 1);
            return new TickRecord(new DateTimeOffset(e.UtcTicks, TimeSpan.Zero), components, e.Final, (ReasonCode)e.Reason, forecast);
        }
    }

    /// <summary>Appends a decision; its instant is kept in UTC.</summary>
    public void Add(DateTimeOffset at, DecisionComponents components, int final, ReasonCode reason, ForecastStatus? forecast)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(16, Count * 2)); // follow-ups add ticks the schedule did not count
        }

        _entries[Count++] = new Entry
        {
            UtcTicks = at.UtcTicks,
            Reactive = components.Reactive ?? None,
            Predictive = components.Predictive ?? None,
            Floor = components.Floor ?? None,
            Raw = components.Raw,
            Final = final,
            Reason = checked((byte)reason),
            Forecast = forecast is { } status ? checked((byte)((int)status + 1)) : (byte)0,
        };
    }

    public IEnumerator<TickRecord> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int? Optional(int value) => value == None ? null : value;

    private struct Entry
    {
        public long UtcTicks;
        public int Reactive;
        public int Predictive;
        public int Floor;
        public int Raw;
        public int Final;
        public byte Reason;
        public byte Forecast;
    }
}
