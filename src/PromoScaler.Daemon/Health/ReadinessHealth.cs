using PromoScaler.Admin.Ports;

namespace PromoScaler.Daemon.Health;

/// <summary>The admin API's view of the daemon's health: exactly what <c>/readyz</c> answers.</summary>
internal sealed class ReadinessHealth(DaemonReadiness readiness) : IDaemonHealth
{
    public (IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings) Now() => (readiness.Problems(), readiness.Warnings());
}
