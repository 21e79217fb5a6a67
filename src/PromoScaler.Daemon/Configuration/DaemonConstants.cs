namespace PromoScaler.Daemon.Configuration;

/// <summary>Defaults and configuration section names of the daemon, in one place (the options' doc comments repeat them).</summary>
public static class DaemonConstants
{
    /// <summary>Prefix of the environment variables read as configuration: <c>PROMOSCALER__Section__Key</c>.</summary>
    public const string EnvironmentPrefix = "PROMOSCALER__";

    /// <summary>Section of <see cref="PolicyCatalogOptions"/>.</summary>
    public const string PoliciesSection = "Policies";

    /// <summary>Section of <see cref="EvaluationOptions"/>.</summary>
    public const string EvaluationSection = "Evaluation";

    /// <summary>Section of <see cref="StateStoreOptions"/>.</summary>
    public const string StateSection = "State";

    /// <summary>Section of <see cref="AdminOptions"/>.</summary>
    public const string AdminSection = "Admin";

    /// <summary>Section of <see cref="LeaderElectionOptions"/>.</summary>
    public const string LeaderElectionSection = "LeaderElection";

    /// <summary>Section of the Kubernetes connection (kubeconfig).</summary>
    public const string KubernetesSection = "Kubernetes";

    /// <summary>Section of the cloud VM group adapters.</summary>
    public const string CloudSection = "Cloud";

    /// <summary>The admin listener: loopback only, Prometheus' exporter port range. <c>http://127.0.0.1:9464</c>.</summary>
    public const string DefaultAdminUrls = "http://127.0.0.1:9464";

    /// <summary>How often the policy directory is checked for a change: 5s.</summary>
    public static readonly TimeSpan DefaultReloadInterval = TimeSpan.FromSeconds(5);

    /// <summary>Policies evaluated at the same time: 8 (a slow target or query holds one slot, never all).</summary>
    public const int DefaultMaxConcurrency = 64;

    /// <summary>Budget of one policy's tick (reads, decision, write): 30s.</summary>
    public static readonly TimeSpan DefaultTickTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often the state is written at most when no round wrote a target: 5s.</summary>
    public static readonly TimeSpan StatePace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the state is written at most after rounds that wrote targets: 1s. With thousands of policies rounds
    /// come many times a second and most write some target; one document write per round serialized megabytes each
    /// time.
    /// </summary>
    public static readonly TimeSpan StateWritePace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time between two rounds the clock starts (a wake-up by a reload or a request is not held back):
    /// 50ms. Policies due within it tick together, so thousands of phases cost tens of rounds a second, not hundreds.
    /// </summary>
    public static readonly TimeSpan RoundGap = TimeSpan.FromMilliseconds(50);

    /// <summary>The local state file: <c>promoscaler-state.json</c> in the working directory.</summary>
    public const string DefaultStateFile = "promoscaler-state.json";

    /// <summary>Decisions per policy kept in the state document: 240 (an hour at a 15s interval).</summary>
    public const int DefaultHistoryKept = 240;

    /// <summary>Name of the leader Lease: <c>promoscaler</c> (the state ConfigMap's is the adapter's <c>promoscaler-state</c>).</summary>
    public const string DefaultObjectName = "promoscaler";

    /// <summary>Lease duration: 15s (how long followers wait before taking over).</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>Renew deadline: 10s (the leader gives up leadership when it could not renew for this long).</summary>
    public static readonly TimeSpan DefaultRenewDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Retry period: 2s (how often a candidate tries to acquire or renew).</summary>
    public static readonly TimeSpan DefaultRetryPeriod = TimeSpan.FromSeconds(2);
}
