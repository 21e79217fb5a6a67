namespace PromoScaler.Backtest.Traces;

/// <summary>A trace (or a range asked of it) that cannot be used, with where and why: <c>file:line: reason</c>.</summary>
public sealed class TraceFormatException : Exception
{
    public TraceFormatException(string file, int line, string reason)
        : base($"{file}:{line}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    public TraceFormatException()
        : this(string.Empty, 0, string.Empty)
    {
    }

    public TraceFormatException(string message)
        : this(string.Empty, 0, message)
    {
    }

    public TraceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Reason = message;
    }

    /// <summary>The trace file.</summary>
    public string File { get; }

    /// <summary>1-based line (the header is line 1).</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
