using Microsoft.Extensions.Logging;

namespace PromoScaler.Admin;

/// <summary>
/// Log messages of the admin API (event ids 8000-8099: 8000 authentication, 8020 operator intent, 8040 changes forwarded to a shard's holder). Never a token,
/// an Authorization header or any part of one.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Information, "Admin API: request to {Path} refused: the Authorization header is not 'Bearer TOKEN'")]
    public static partial void TokenMalformed(ILogger logger, string path);

    [LoggerMessage(8001, LogLevel.Information, "Admin API: request to {Path} refused: unknown token")]
    public static partial void TokenUnknown(ILogger logger, string path);

    [LoggerMessage(8002, LogLevel.Information, "Admin API: loaded {Count} token(s) from {File}")]
    public static partial void TokensLoaded(ILogger logger, int count, string file);

    [LoggerMessage(8003, LogLevel.Error, "Admin API: the token file {File} changed but was not reloaded, the tokens in force are kept: {Problem}")]
    public static partial void TokensNotReloaded(ILogger logger, string file, string problem);

    [LoggerMessage(8040, LogLevel.Information, "Admin API: {Method} {Path} forwarded to {Holder} at {Url}, which holds the policy's shard")]
    public static partial void Forwarded(ILogger logger, string method, string path, string holder, string url);

    [LoggerMessage(8041, LogLevel.Warning, "Admin API: {Method} {Path} could not be forwarded to {Holder} ({Outcome}): {Problem}")]
    public static partial void ForwardFailed(ILogger logger, string method, string path, string holder, string outcome, string problem);

    [LoggerMessage(8042, LogLevel.Warning, "Admin API: {Method} {Path} arrived forwarded by {From}, but {Why}: refused rather than forwarded again")]
    public static partial void ForwardLooped(ILogger logger, string method, string path, string from, string why);
}
