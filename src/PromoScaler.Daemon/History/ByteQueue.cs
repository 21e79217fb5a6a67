namespace PromoScaler.Daemon.History;

/// <summary>
/// Bytes appended at the back and dropped from the front, read as one contiguous span. The dropped front is reclaimed
/// by moving the live bytes down when the back is reached and an eighth of them is free (at most eight bytes moved per
/// byte appended), and the buffer grows by a quarter at a time, so a full ring wastes little beyond what it holds.
/// </summary>
internal sealed class ByteQueue
{
    private byte[] _buffer = [];
    private int _head;
    private int _tail;

    /// <summary>The live bytes, oldest first.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_head, _tail - _head);

    /// <summary>Bytes allocated (for the memory accounting in tests).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_tail + bytes.Length > _buffer.Length)
        {
            Make(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_tail));
        _tail += bytes.Length;
    }

    /// <summary>Drops the oldest <paramref name="count"/> bytes.</summary>
    public void Drop(int count)
    {
        _head += count;
        if (_head == _tail)
        {
            (_head, _tail) = (0, 0);
        }
    }

    public void Clear() => (_buffer, _head, _tail) = ([], 0, 0);

    private void Make(int needed)
    {
        var live = _tail - _head;
        if (live + needed + (live / 8) <= _buffer.Length)
        {
            // Reclaim the dropped front in place.
            _buffer.AsSpan(_head, live).CopyTo(_buffer);
        }
        else
        {
            var next = new byte[Math.Max(live + needed, Math.Max(64, live + (live / 4) + needed))];
            _buffer.AsSpan(_head, live).CopyTo(next);
            _buffer = next;
        }

        (_head, _tail) = (0, live);
    }
}
