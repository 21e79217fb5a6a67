using PromoScaler.Cloud;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Testing.Policies;

/// <summary>
/// Builds <see cref="ScalingPolicy"/> records directly (no YAML). Fields a test leaves alone take the loader's
/// defaults (<see cref="PolicyDefaults"/>): interval 15s, startup 0s, minReplicas 1, 10% tolerance, HPA's scaling
/// rules, onMissingMetrics hold, maxStaleness max(2m, 2 x interval). Where the spec has no default the builder
/// picks one: policy <c>checkout</c> on Deployment <c>shop/checkout-api</c>, maxReplicas 100, and, when no metric
/// is added, one metric <c>rps</c> with targetPerReplica 100.
/// </summary>
public sealed class PolicyBuilder
{
    private readonly List<MetricSpec> _metrics = [];
    private readonly List<PrewarmWindow> _prewarm = [];
    private readonly List<FreezeWindow> _freeze = [];
    private string _name = "checkout";
    private TargetKind _kind = TargetKind.Deployment;
    private TimeSpan _interval = PolicyDefaults.Interval;
    private TimeSpan _startup = PolicyDefaults.Startup;
    private PredictionSpec? _prediction;
    private int _min = PolicyDefaults.MinReplicas;
    private int _max = 100;
    private Tolerance _tolerance = PolicyDefaults.Tolerance;
    private ScalingRules _scaleUp = ScalingRules.DefaultScaleUp;
    private ScalingRules _scaleDown = ScalingRules.DefaultScaleDown;
    private MissingMetricsAction _onMissing = PolicyDefaults.OnMissingMetrics;
    private int? _fallback;
    private TimeSpan? _maxStaleness;
    private BudgetSpec? _budget;
    private bool _dryRun;
    private SizingSpec _sizing = SizingSpec.Default;
    private VmGroupRef? _group;
    private HostingLink? _hostedBy;

    /// <summary>Sets <c>metadata.name</c> (default <c>checkout</c>).</summary>
    public PolicyBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public PolicyBuilder Interval(TimeSpan interval)
    {
        _interval = interval;
        return this;
    }

    public PolicyBuilder Startup(TimeSpan startup)
    {
        _startup = startup;
        return this;
    }

    /// <summary>Adds a metric; its query is <c>sum(rate(name[2m]))</c> unless <paramref name="query"/> is given.</summary>
    public PolicyBuilder Metric(
        string name,
        double targetPerReplica,
        double? maxValue = null,
        EmptyResultMode whenEmpty = EmptyResultMode.Missing,
        double? minCompleteness = null,
        double? capacityPerReplica = null,
        string? query = null)
    {
        _metrics.Add(new MetricSpec(
            name,
            query ?? $"sum(rate({name}[2m]))",
            targetPerReplica,
            CapacityPerReplica: capacityPerReplica,
            WhenEmpty: whenEmpty,
            MaxValue: maxValue,
            CompletenessQuery: minCompleteness is null ? null : "count(up == 1) / count(up)",
            MinCompleteness: minCompleteness is { } m ? Percentage.FromFraction(m) : null));
        return this;
    }

    public PolicyBuilder Replicas(int min, int max)
    {
        _min = min;
        _max = max;
        return this;
    }

    public PolicyBuilder WithTolerance(double scaleUp, double scaleDown)
    {
        _tolerance = new Tolerance(Percentage.FromFraction(scaleUp), Percentage.FromFraction(scaleDown));
        return this;
    }

    public PolicyBuilder ScaleUp(ScalingRules rules)
    {
        _scaleUp = rules;
        return this;
    }

    public PolicyBuilder ScaleDown(ScalingRules rules)
    {
        _scaleDown = rules;
        return this;
    }

    /// <summary>No stabilization and no step limit in either direction: the raw count is obeyed at once.</summary>
    public PolicyBuilder Unlimited()
    {
        var policies = new[] { new StepPolicy(StepPolicyType.Percent, 100_000, TimeSpan.FromSeconds(15)) };
        _scaleUp = new ScalingRules(TimeSpan.Zero, SelectPolicy.Max, policies);
        _scaleDown = new ScalingRules(TimeSpan.Zero, SelectPolicy.Max, [new StepPolicy(StepPolicyType.Percent, 100, TimeSpan.FromSeconds(15))]);
        return this;
    }

    public PolicyBuilder OneOffPrewarm(string name, DateTimeOffset start, TimeSpan lead, TimeSpan hold, TimeSpan rampDown, int? replicas = null, double? multiplier = null)
    {
        _prewarm.Add(new PrewarmWindow(name, start, null, lead, replicas, multiplier, hold, rampDown));
        return this;
    }

    public PolicyBuilder CronPrewarm(string name, string cron, string timeZone, TimeSpan lead, TimeSpan hold, TimeSpan rampDown, int? replicas = null, double? multiplier = null)
    {
        _prewarm.Add(new PrewarmWindow(name, null, Cron(cron, timeZone), lead, replicas, multiplier, hold, rampDown));
        return this;
    }

    public PolicyBuilder Freeze(DateTimeOffset start, DateTimeOffset end)
    {
        _freeze.Add(new FreezeWindow(start, end, null, null));
        return this;
    }

    public PolicyBuilder FreezeCron(string cron, string timeZone, TimeSpan duration)
    {
        _freeze.Add(new FreezeWindow(null, null, Cron(cron, timeZone), duration));
        return this;
    }

    public PolicyBuilder OnMissingScaleUp(int fallbackReplicas)
    {
        _onMissing = MissingMetricsAction.ScaleUp;
        _fallback = fallbackReplicas;
        return this;
    }

    public PolicyBuilder MaxStaleness(TimeSpan maxStaleness)
    {
        _maxStaleness = maxStaleness;
        return this;
    }

    public PolicyBuilder Budget(double pricePerReplicaHour, double maxPerHour)
    {
        _budget = new BudgetSpec(pricePerReplicaHour, maxPerHour);
        return this;
    }

    /// <summary>
    /// seasonalNaive over 14 days of history, daily season, 1m step, 10% headroom, trust window 2h
    /// with the given maxError (default 25%).
    /// </summary>
    public PolicyBuilder Prediction(string metric, double maxError = 0.25)
    {
        _prediction = new PredictionSpec(
            ForecastModelKind.SeasonalNaive, metric, TimeSpan.FromDays(14), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1),
            Percentage.FromFraction(0.1), new TrustSpec(PolicyDefaults.Trust.Window, Percentage.FromFraction(maxError)));
        return this;
    }

    public PolicyBuilder Prediction(PredictionSpec prediction)
    {
        _prediction = prediction;
        return this;
    }

    /// <summary>A Tencent Cloud Auto Scaling group target (<c>ap-guangzhou</c>, <paramref name="groupId"/>), credentials from the standard variables.</summary>
    public PolicyBuilder VmGroupTarget(string groupId = "asg-nodes")
    {
        _kind = CloudTargetKinds.Tencent.Kind;
        _group = new VmGroupRef("ap-guangzhou", groupId, CloudTargetKinds.Tencent.Credentials.Default);
        return this;
    }

    /// <summary><c>spec.hostedBy</c> + <c>spec.podsPerNode</c>: the VM group policy that runs these pods.</summary>
    public PolicyBuilder HostedBy(string groupPolicy, int podsPerNode)
    {
        _hostedBy = new HostingLink(groupPolicy, podsPerNode);
        return this;
    }

    public PolicyBuilder HpaTarget()
    {
        _kind = TargetKind.HorizontalPodAutoscaler;
        return this;
    }

    /// <summary>
    /// Calibrated sizing (<c>spec.sizing.mode: calibrated</c>) with the loader's consequence: scale-down
    /// stabilization 0s unless <see cref="ScaleDown"/> sets it.
    /// </summary>
    public PolicyBuilder Calibrated(double coverage = 0.99, TimeSpan? window = null)
    {
        _sizing = new SizingSpec(SizingMode.Calibrated, Percentage.FromFraction(coverage), window ?? SizingSpec.DefaultWindow);
        _scaleDown = _scaleDown with { Stabilization = TimeSpan.Zero };
        return this;
    }

    public PolicyBuilder DryRun(bool dryRun = true)
    {
        _dryRun = dryRun;
        return this;
    }

    public ScalingPolicy Build()
    {
        var metrics = _metrics.Count > 0 ? [.. _metrics] : new List<MetricSpec> { new("rps", "sum(rate(rps[2m]))", 100) };
        var guardrails = new Guardrails(
            _min,
            _max,
            _tolerance,
            _scaleUp,
            _scaleDown,
            [.. _freeze],
            _onMissing,
            _fallback,
            _maxStaleness ?? PolicyDefaults.MaxStaleness(_interval),
            _budget);
        var spec = new PolicySpec(
            _group is { } group ? TargetRef.ForGroup(_kind, group) : new TargetRef(_kind, "shop", "checkout-api"),
            _interval,
            _startup,
            metrics,
            _prediction,
            [.. _prewarm],
            guardrails,
            _dryRun) { Sizing = _sizing, HostedBy = _hostedBy };
        return new ScalingPolicy(new PolicyMetadata(_name, new Dictionary<string, string>()), spec, new SourceLocation("test.yaml", 1, 1));
    }

    private static CronSchedule Cron(string text, string timeZone) =>
        CronSchedule.TryParse(text, TimeZoneInfo.FindSystemTimeZoneById(timeZone), out var error)
        ?? throw new ArgumentException(error, nameof(text));
}
