namespace PromoScaler.Admin.Security;

/// <summary>The token file could not be read or has errors; <see cref="Exception.Message"/> lists every one as file:line:col.</summary>
public sealed class TokenFileException : Exception
{
    public TokenFileException(string message)
        : base(message)
    {
    }

    public TokenFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TokenFileException()
    {
    }
}
