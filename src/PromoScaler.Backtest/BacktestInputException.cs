namespace PromoScaler.Backtest;

/// <summary>A backtest request that cannot run (a flag that does not fit the policy or the trace). The message names the flag.</summary>
public sealed class BacktestInputException : Exception
{
    public BacktestInputException()
    {
    }

    public BacktestInputException(string message)
        : base(message)
    {
    }

    public BacktestInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
