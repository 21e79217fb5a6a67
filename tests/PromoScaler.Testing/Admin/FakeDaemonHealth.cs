using PromoScaler.Admin.Ports;

namespace PromoScaler.Testing.Admin;

/// <summary>The daemon's health as a test sets it.</summary>
public sealed class FakeDaemonHealth : IDaemonHealth
{
    public List<string> Problems { get; } = [];

    public List<string> Warnings { get; } = [];

    public (IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings) Now() => ([.. Problems], [.. Warnings]);
}
