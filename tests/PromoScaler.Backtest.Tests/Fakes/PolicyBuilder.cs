using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Tests.Fakes;

/// <summary>Builds valid policies for tests, with one metric named <c>demand</c> unless told otherwise.</summary>
internal sealed class PolicyBuilder
{
    private TimeSpan _interval = TimeSpan.FromSeconds(15);
    private TimeSpan _startup = TimeSpan.FromSeconds(30);
    private double _target = 10;
    private double? _capacity = 10;
    private int _min = 1;
    private int _max = 10;
    private PredictionSpec? _prediction;
    private readonly List<PrewarmWindow> _prewarm = [];
    private readonly List<MetricSpec> _extraMetrics = [];

    public PolicyBuilder Interval(TimeSpan value) { _interval = value; return this; }

    public PolicyBuilder Startup(TimeSpan value) { _startup = value; return this; }

    public PolicyBuilder Target(double targetPerReplica, double? capacityPerReplica = null)
    {
        _target = targetPerReplica;
        _capacity = capacityPerReplica;
        return this;
    }

    public PolicyBuilder Replicas(int min, int max) { _min = min; _max = max; return this; }

    public PolicyBuilder Prediction(PredictionSpec value) { _prediction = value; return this; }

    public PolicyBuilder Metric(string name, double targetPerReplica) { _extraMetrics.Add(new MetricSpec(name, "q", targetPerReplica)); return this; }

    public PolicyBuilder Prewarm(string name, DateTimeOffset start, TimeSpan lead, int replicas, TimeSpan hold, TimeSpan rampDown)
    {
        _prewarm.Add(new PrewarmWindow(name, start, null, lead, replicas, null, hold, rampDown));
        return this;
    }

    public PolicyBuilder PrewarmCron(string name, string cron, TimeSpan lead, int replicas, TimeSpan hold, TimeSpan rampDown)
    {
        var schedule = CronSchedule.TryParse(cron, TimeZoneInfo.Utc, out var error) ?? throw new ArgumentException(error);
        _prewarm.Add(new PrewarmWindow(name, null, schedule, lead, replicas, null, hold, rampDown));
        return this;
    }

    public ScalingPolicy Build()
    {
        var guardrails = new Guardrails(
            _min,
            _max,
            Tolerance.Default,
            ScalingRules.DefaultScaleUp,
            ScalingRules.DefaultScaleDown,
            [],
            MissingMetricsAction.Hold,
            null,
            TimeSpan.FromMinutes(2),
            null);
        var spec = new PolicySpec(
            new TargetRef(TargetKind.Deployment, "shop", "web"),
            _interval,
            _startup,
            [new MetricSpec("demand", "q", _target, _capacity), .. _extraMetrics],
            _prediction,
            _prewarm,
            guardrails,
            false);
        return new ScalingPolicy(new PolicyMetadata("web", new Dictionary<string, string>()), spec, new SourceLocation("web.yaml", 1, 1));
    }
}
