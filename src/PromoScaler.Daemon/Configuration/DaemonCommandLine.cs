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

    /// <summary>The configuration keys the flags set.</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (Policies is not null)
        {
            values[$"{DaemonConstants.PoliciesSection}:Directory"] = Policies;
        }

        if (Prometheus is not null)
        {
            values["Prometheus:Sources:default:Url"] = Prometheus.ToString();
        }

        if (Kubeconfig is not null)
        {
            values[$"{DaemonConstants.KubernetesSection}:Kubeconfig"] = Kubeconfig;
        }

        if (StateFile is not null)
        {
            values[$"{DaemonConstants.StateSection}:Kind"] = nameof(StateStoreKind.File);
            values[$"{DaemonConstants.StateSection}:File"] = StateFile;
        }

        if (Urls is not null)
        {
            values[$"{DaemonConstants.AdminSection}:Urls"] = Urls;
        }

        if (DryRun)
        {
            values[$"{DaemonConstants.EvaluationSection}:DryRun"] = "true";
        }

        if (LeaderElect)
        {
            values[$"{DaemonConstants.LeaderElectionSection}:Enabled"] = "true";
        }

        if (TokenFile is not null)
        {
            values[$"{DaemonConstants.AdminSection}:Api:TokenFile"] = TokenFile;
        }

        if (PolicySource is not null)
        {
            values[$"{DaemonConstants.PoliciesSection}:Source"] = PolicySource;
        }

        for (var i = 0; i < (WatchNamespaces?.Count ?? 0); i++)
        {
            values[$"{DaemonConstants.PoliciesSection}:WatchNamespaces:{i}"] = WatchNamespaces![i];
        }

        if (NoConsole)
        {
            values[$"{DaemonConstants.AdminSection}:Console:Enabled"] = "false";
        }

        return values;
    }
}
