namespace PromoScaler.Admin.WebConsole;

/// <summary>The web console (configuration section <see cref="SectionName"/>), served with the admin API on its listener.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Admin:Console";

    /// <summary>Serve the console at <c>/</c> whenever the admin API is on. Default true; <c>--no-console</c> sets false.</summary>
    public bool Enabled { get; set; } = true;
}
