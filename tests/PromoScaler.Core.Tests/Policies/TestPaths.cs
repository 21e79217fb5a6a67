namespace PromoScaler.Core.Tests.Policies;

/// <summary>Folders copied next to the test assembly (see the project file).</summary>
internal static class TestPaths
{
    public static string Examples => Path.Combine(AppContext.BaseDirectory, "policies", "examples");

    public static string Schema => Path.Combine(AppContext.BaseDirectory, "policies", "schema", "scalingpolicy.schema.json");

    public static string Bad => Path.Combine(AppContext.BaseDirectory, "Policies", "bad");

    public static string Structural => Path.Combine(AppContext.BaseDirectory, "Policies", "structural");

    /// <summary>2026-11-25T12:00Z: after the 1995 launch example, before every 2027 sale.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
}
