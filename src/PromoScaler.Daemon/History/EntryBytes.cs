using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PromoScaler.Daemon.History;

/// <summary>Writes the compact form of a decision: LEB128 varints, zigzag for signed numbers, doubles as 8 bytes or, when integral, as a varint.</summary>
internal sealed class EntryWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Reset() => _buffer.ResetWrittenCount();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void Signed(long value) => Varint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes <paramref name="value"/>; true when it went as an integer (the reader must be told, by a flag).</summary>
    public bool Double(double value)
    {
        if (IsIntegral(value))
        {
            Signed((long)value);
            return true;
        }

        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), BitConverter.DoubleToInt64Bits(value));
        _buffer.Advance(8);
        return false;
    }

    public void Text(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
    }

    /// <summary>Whether <paramref name="value"/> is a whole number a varint carries exactly (not -0, within 2^53).</summary>
    public static bool IsIntegral(double value) =>
        Math.Abs(value) <= 9007199254740992d && Math.Floor(value) == value && !(value == 0 && double.IsNegative(value));
}

/// <summary>Reads what <see cref="EntryWriter"/> wrote.</summary>
internal ref struct EntryReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Position { get; set; }

    public byte Byte() => _bytes[Position++];

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = _bytes[Position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public long Signed()
    {
        var raw = Varint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int Int() => (int)Signed();

    public double Double(bool integral)
    {
        if (integral)
        {
            return Signed();
        }

        var value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(_bytes[Position..]));
        Position += 8;
        return value;
    }

    public string Text()
    {
        var length = (int)Varint();
        var value = Encoding.UTF8.GetString(_bytes.Slice(Position, length));
        Position += length;
        return value;
    }
}
