namespace PromoScaler.Cli.Demo;

/// <summary>What <c>promoscaler demo</c> was asked for.</summary>
/// <param name="Speed">Simulated seconds per real second (<c>--speed</c>, default <see cref="DemoConstants.DefaultSpeed"/>).</param>
/// <param name="Urls">The admin listener (<c>--urls</c>, default <c>http://127.0.0.1:9464</c>).</param>
internal sealed record DemoSettings(double Speed, string Urls);

/// <summary>The demo's fixed choices, in one place.</summary>
internal static class DemoConstants
{
    /// <summary>60: one real second is one simulated minute.</summary>
    public const double DefaultSpeed = 60;

    /// <summary>The fastest clock offered: one real second is one simulated hour.</summary>
    public const double MaxSpeed = 3600;

    /// <summary>
    /// The trace instant the simulated clock starts at: 1995-07-13T13:10Z, ten minutes before the STS-70 launch
    /// surge (1.4 to 4.1 requests/s between 13:20Z and 13:25Z, peak 6.75 at 13:49Z).
    /// </summary>
    public static readonly DateTimeOffset TraceAnchor = new(1995, 7, 13, 13, 10, 0, TimeSpan.Zero);

    /// <summary>The trace in the assembly (a copy of <c>policies/traces/nasa_http_jul1995_1min.csv</c>).</summary>
    public const string TraceResource = "PromoScaler.Cli.Demo.nasa_http_jul1995_1min.csv";

    /// <summary>The prefix of the embedded policies: <c>PromoScaler.Cli.Demo.Policies.NAME.yaml</c>.</summary>
    public const string PolicyResourcePrefix = "PromoScaler.Cli.Demo.Policies.";

    /// <summary>The placeholder in <c>nasa-www.yaml</c> replaced by the pre-warm's start.</summary>
    public const string PrewarmStartPlaceholder = "{prewarmAt}";

    /// <summary>How long after the simulated start the built-in pre-warm's sale starts: 10m (its lead is 5m).</summary>
    public static readonly TimeSpan PrewarmAfterStart = TimeSpan.FromMinutes(10);

    /// <summary>The lead of the built-in pre-warm (as in <c>nasa-www.yaml</c>).</summary>
    public static readonly TimeSpan PrewarmLead = TimeSpan.FromMinutes(5);

    /// <summary>How long a simulated pod takes to become ready: 60s.</summary>
    public static readonly TimeSpan PodStartup = TimeSpan.FromSeconds(60);

    /// <summary>Every reading averages the trace over this window, as <c>rate(x[1m])</c> does.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>How long, in real time, the daemon may take to stop after Ctrl+C before the demo leaves without it: 15s.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    /// <summary>The name of the demo token in the token file (its role is operator).</summary>
    public const string TokenName = "demo";
}
