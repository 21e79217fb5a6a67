using Microsoft.Extensions.Logging;

namespace PromoScaler.Daemon;

/// <summary>Log messages of the operator-intent book (event ids 8020-8021, unchanged since the book lived in the admin API).</summary>
internal static partial class Log
{
    [LoggerMessage(8020, LogLevel.Information, "Audit #{Sequence}: {Actor} {Action} on policy {Policy} ({Subject}): {Reason}")]
    public static partial void Audited(ILogger logger, long sequence, string actor, string action, string policy, string subject, string reason);

    [LoggerMessage(8021, LogLevel.Warning, "Admin API: {Action} on policy {Policy} by {Actor} not persisted, nothing changed: {Problem}")]
    public static partial void ChangeNotPersisted(ILogger logger, string action, string policy, string actor, string problem);
}
