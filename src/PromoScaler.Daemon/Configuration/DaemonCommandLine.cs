namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// What <c>promoscaler run</c> was given on its command line. Each flag, when set, overrides the configuration file
/// and the environment.
/// </summary>
/// <param name="ConfigFile"><c>--config FILE</c>: YAML (<c>.yaml</c>, <c>.yml</c>) or JSON (<c>.json</c>).</param>
/// <param name="Policies"><c>--policies DIR</c> = <c>Policies:Directory</c>.</param>
/// <param name="Prometheus"><c>--prometheus URL</c> = <c>Prometheus:Sources:default:Url</c>.</param>
/// <param name="Kubeconfig"><c>--kubeconfig FILE</c> = <c>Kubernetes:Kubeconfig</c>.</param>
/// <param name="StateFile"><c>--state-file FILE</c> = <c>State:Kind=File</c> and <c>State:File</c>.</param>
/// <param name="Urls"><c>--urls URL</c> = <c>Admin:Urls</c>.</param>
/// <param name="DryRun"><c>--dry-run</c> = <c>Evaluation:DryRun=true</c>.</param>
/// <param name="LeaderElect"><c>--leader-elect</c> = <c>LeaderElection:Enabled=true</c>.</param>
/// <param name="TokenFile"><c>--token-file FILE</c> = <c>Admin:Api:TokenFile</c> (turns the admin API on).</param>
/// <param name="NoConsole"><c>--no-console</c> = <c>Admin:Console:Enabled=false</c> (the admin API without the web console).</param>
/// <param name="PolicySource"><c>--policy-source files|kubernetes|both</c> = <c>Policies:Source</c>.</param>
/// <param name="WatchNamespaces"><c>--watch-namespaces a,b</c> = <c>Policies:WatchNamespaces</c>.</param>
public sealed record DaemonCommandLine(
    string? ConfigFile = null,
    string? Policies = null,
    Uri? Prometheus = null,
    string? Kubeconfig = null,
    string? StateFile = null,
    string? Urls = null,
    bool DryRun = false,
    bool LeaderElect = false,
    string? TokenFile = null,
    bool NoConsole = false,
    string? PolicySource = null,
    IReadOnlyList<string>? WatchNamespaces = null)
{
    /// <summary>The flag that sets configuration key <paramref name="key"/>, for messages.</summary>
    public static string FlagFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ToUpperInvariant() switch
        {
            "POLICIES:DIRECTORY" => "--policies",
            "PROMETHEUS:SOURCES:DEFAULT:URL" => "--prometheus",
            "KUBERNETES:KUBECONFIG" => "--kubeconfig",
            "STATE:KIND" or "STATE:FILE" => "--state-file",
            "ADMIN:URLS" => "--urls",
            "EVALUATION:DRYRUN" => "--dry-run",
            "LEADERELECTION:ENABLED" => "--leader-elect",
            "ADMIN:API:TOKENFILE" => "--token-file",
            "POLICIES:SOURCE" => "--policy-source",
            var k when k.StartsWith("POLICIES:WATCHNAMESPACES", StringComparison.Ordinal) => "--watch-namespaces",
            _ => "the command line",
        };
    }

    /// <summary>The configuration keys the flags set (a flag not given sets nothing).</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }

        Set($"{DaemonConstants.PoliciesSection}:Directory", Policies);
        Set("Prometheus:Sources:default:Url", Prometheus?.ToString());
        Set($"{DaemonConstants.KubernetesSection}:Kubeconfig", Kubeconfig);
        Set($"{DaemonConstants.StateSection}:Kind", StateFile is null ? null : nameof(StateStoreKind.File));
        Set($"{DaemonConstants.StateSection}:File", StateFile);
        Set($"{DaemonConstants.AdminSection}:Urls", Urls);
        Set($"{DaemonConstants.EvaluationSection}:DryRun", DryRun ? "true" : null);
        Set($"{DaemonConstants.LeaderElectionSection}:Enabled", LeaderElect ? "true" : null);
        Set($"{DaemonConstants.AdminSection}:Api:TokenFile", TokenFile);
        Set($"{DaemonConstants.PoliciesSection}:Source", PolicySource);
        for (var i = 0; i < (WatchNamespaces?.Count ?? 0); i++)
        {
            Set($"{DaemonConstants.PoliciesSection}:WatchNamespaces:{i}", WatchNamespaces![i]);
        }

        Set($"{DaemonConstants.AdminSection}:Console:Enabled", NoConsole ? "false" : null);
        return values;
    }
}
