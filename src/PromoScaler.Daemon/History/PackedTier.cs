using PromoScaler.Core.History;

namespace PromoScaler.Daemon.History;

/// <summary>
/// Up to <see cref="Capacity"/> decisions in their compact form (<see cref="DecisionCodec"/>), each entry prefixed
/// by its length so that skipping one costs nothing. The oldest entry's instant is kept whole; each later entry
/// stores the ticks since the one before it.
/// </summary>
internal sealed class PackedTier(int capacity)
{
    private readonly ByteQueue _bytes = new();
    private long _frontTicks;
    private long _backTicks;

    public int Capacity { get; } = capacity;

    public int Count { get; private set; }

    /// <summary>Bytes allocated.</summary>
    public int Allocated => _bytes.Capacity;

    /// <summary>Appends <paramref name="record"/> with <paramref name="steps"/> as its explanation.</summary>
    public void Push(EntryWriter scratch, DecisionRecord record, IReadOnlyList<Core.Engine.ExplanationStep> steps, SubjectTable subjects)
    {
        scratch.Reset();
        DecisionCodec.Encode(scratch, record, steps, _backTicks, subjects);
        var body = scratch.Written.Length;
        Span<byte> prefix = stackalloc byte[5];
        var length = 0;
        for (var value = (uint)body; ; value >>= 7)
        {
            prefix[length++] = (byte)(value < 0x80 ? value : value | 0x80);
            if (value < 0x80)
            {
                break;
            }
        }

        _bytes.Append(prefix[..length]);
        _bytes.Append(scratch.Written);
        if (Count == 0)
        {
            _frontTicks = record.At.UtcTicks;
        }

        _backTicks = record.At.UtcTicks;
        Count++;
    }

    /// <summary>Removes and returns the oldest entry.</summary>
    public DecisionRecord Pop(SubjectTable subjects)
    {
        var reader = new EntryReader(_bytes.Span);
        var length = (int)reader.Varint();
        var start = reader.Position;
        var record = DecisionCodec.Decode(ref reader, _frontTicks, subjects);
        _bytes.Drop(start + length);
        Count--;
        if (Count > 0)
        {
            var next = new EntryReader(_bytes.Span);
            next.Varint();
            _frontTicks += DecisionCodec.PeekDelta(next);
        }

        return record;
    }

    /// <summary>
    /// Decodes the entries after the first <paramref name="skip"/> whose instant lies in [<paramref name="fromTicks"/>,
    /// <paramref name="untilTicks"/>] into <paramref name="into"/>, oldest first; the others are stepped over unread.
    /// </summary>
    public void DecodeInto(List<DecisionRecord> into, int skip, long fromTicks, long untilTicks, SubjectTable subjects)
    {
        var reader = new EntryReader(_bytes.Span);
        var ticks = _frontTicks;
        for (var i = 0; i < Count; i++)
        {
            var length = (int)reader.Varint();
            var start = reader.Position;
            if (i > 0)
            {
                ticks += DecisionCodec.PeekDelta(reader);
            }

            if (i >= skip && ticks >= fromTicks && ticks <= untilTicks)
            {
                into.Add(DecisionCodec.Decode(ref reader, ticks, subjects));
            }

            reader.Position = start + length;
        }
    }

    public void Clear()
    {
        _bytes.Clear();
        Count = 0;
    }
}
