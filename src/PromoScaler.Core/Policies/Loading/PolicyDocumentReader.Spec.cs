using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary><c>spec</c>, <c>spec.metrics</c> and <c>spec.prediction</c> (<c>spec.target</c> in <c>PolicyDocumentReader.Target.cs</c>).</summary>
internal sealed partial class PolicyDocumentReader
{
    private static readonly Dictionary<string, EmptyResultMode> EmptyModes = new(StringComparer.Ordinal)
    {
        ["missing"] = EmptyResultMode.Missing,
        ["zero"] = EmptyResultMode.Zero,
    };

    private static readonly Dictionary<string, SizingMode> SizingModes = new(StringComparer.Ordinal)
    {
        ["target"] = SizingMode.Target,
        ["calibrated"] = SizingMode.Calibrated,
    };

    private static readonly Dictionary<string, ForecastModelKind> Models = new(StringComparer.Ordinal)
    {
        ["none"] = ForecastModelKind.None,
        ["seasonalNaive"] = ForecastModelKind.SeasonalNaive,
        ["holtWinters"] = ForecastModelKind.HoltWinters,
    };

    private static readonly Dictionary<string, Seasonality> Seasonalities = new(StringComparer.Ordinal)
    {
        ["additive"] = Seasonality.Additive,
        ["multiplicative"] = Seasonality.Multiplicative,
    };

    private static readonly Dictionary<string, TrustGate> TrustGates = new(StringComparer.Ordinal)
    {
        ["decisions"] = TrustGate.Decisions,
        ["error"] = TrustGate.Error,
    };

    private PolicySpec? ReadSpec(YamlNode node, out TargetRef? target)
    {
        target = null;
        if (Fields(node, "spec", "spec") is not { } fields)
        {
            return null;
        }

        target = fields.Required("target") is { } t ? ReadTarget(t) : null;

        // Evaluation period 5s..10m (spec); HPA's sync period is 15s, our default.
        var interval = fields.Optional("interval") is { } i
            ? ReadDuration(i, "spec.interval", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10))
            : PolicyDefaults.Interval;
        var startup = fields.Optional("startup") is { } s ? ReadDuration(s, "spec.startup", TimeSpan.Zero) : TimeSpan.Zero;
        var sizing = fields.Optional("sizing") is { } sz ? ReadSizing(sz, target) : SizingSpec.Default;
        var calibrated = sizing?.Mode == SizingMode.Calibrated;
        // An invalid sizing block is already reported; its metrics are then read without the per-mode requirement.
        var metrics = fields.Required("metrics") is { } m ? ReadMetrics(m, sizing?.Mode) : null;
        var prediction = fields.Optional("prediction") is { } p ? ReadPrediction(p, metrics) : null;
        var prewarm = fields.Optional("prewarm") is { } w ? ReadPrewarms(w) : [];
        var guardrails = fields.Required("guardrails") is { } g ? ReadGuardrails(g, interval, calibrated) : null;
        var dryRun = fields.Optional("dryRun") is { } d ? ReadBool(d, "spec.dryRun") : false;
        var hosted = ReadHosting(fields, target, out var hostedBy);

        if (!hosted || target is null || interval is null || startup is null || metrics is null || sizing is null || guardrails is null || dryRun is null)
        {
            return null;
        }

        return new PolicySpec(target, interval.Value, startup.Value, metrics, prediction, prewarm, guardrails, dryRun.Value) { Sizing = sizing, HostedBy = hostedBy };
    }

    private List<MetricSpec>? ReadMetrics(YamlNode node, SizingMode? mode)
    {
        var metrics = new List<MetricSpec>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        var items = Items(node, "spec.metrics");
        if (node is YamlSequence && items.Count == 0)
        {
            Error(node, "spec.metrics", "at least one metric is required");
        }

        foreach (var (item, path, index) in items)
        {
            var metric = ReadMetric(item, path, mode);
            if (metric is null)
            {
                ok = false;
                continue;
            }

            if (names.TryGetValue(metric.Name, out var first))
            {
                Error(item, $"{path}.name", $"duplicate metric name \"{metric.Name}\" (first at spec.metrics[{first}])");
                ok = false;
                continue;
            }

            names[metric.Name] = index;
            metrics.Add(metric);
        }

        return ok && items.Count > 0 ? metrics : null;
    }

    private MetricSpec? ReadMetric(YamlNode node, string path, SizingMode? mode)
    {
        if (Fields(node, path, "spec.metrics[]") is not { } f)
        {
            return null;
        }

        var name = f.Required("name") is { } n ? ReadMatching(n, $"{path}.name", MetricName(), 63, "a metric name ([a-z0-9_]+)") : null;
        var query = f.Required("query") is { } q ? ReadNonEmptyString(q, $"{path}.query") : null;
        // Calibrated sizing sizes on what one replica really serves; targetPerReplica then only aims the forecast's
        // proposal and the backtest's HPA baseline, and defaults to 80% of the capacity.
        var calibrated = mode != SizingMode.Target;
        var target = (calibrated ? f.Optional("targetPerReplica") : f.Required("targetPerReplica")) is { } t
            ? ReadPositiveNumber(t, $"{path}.targetPerReplica")
            : null;
        double? capacity = null;
        if (f.Optional("capacityPerReplica") is { } c)
        {
            capacity = ReadPositiveNumber(c, $"{path}.capacityPerReplica");
        }
        else if (mode == SizingMode.Calibrated)
        {
            Error(node, $"{path}.capacityPerReplica", "required with spec.sizing.mode calibrated (the load at which one replica is overloaded)");
        }

        if (calibrated && !f.Has("targetPerReplica") && capacity is { } served)
        {
            target = served * SizingSpec.DefaultTargetFraction;
        }
        var source = f.Optional("source") is { } s ? ReadNonEmptyString(s, $"{path}.source") : MetricSpec.DefaultSource;
        var whenEmpty = f.Optional("whenEmpty") is { } w ? ReadEnum(w, $"{path}.whenEmpty", EmptyModes) : EmptyResultMode.Missing;
        var maxValue = f.Optional("maxValue") is { } mv ? ReadPositiveNumber(mv, $"{path}.maxValue") : null;
        var freshness = f.Optional("freshnessQuery") is { } fq ? ReadNonEmptyString(fq, $"{path}.freshnessQuery") : null;
        var completeness = f.Optional("completenessQuery") is { } cq ? ReadNonEmptyString(cq, $"{path}.completenessQuery") : null;
        Percentage? minCompleteness = null;
        if (f.Optional("minCompleteness") is { } mc)
        {
            minCompleteness = ReadPercentage(mc, $"{path}.minCompleteness", 0, 100);
            if (!f.Has("completenessQuery"))
            {
                Error(mc, $"{path}.minCompleteness", "needs completenessQuery");
            }
        }

        var invalid = name is null || query is null || target is null || source is null || whenEmpty is null
            || (f.Has("capacityPerReplica") && capacity is null) || (f.Has("maxValue") && maxValue is null)
            || (f.Has("freshnessQuery") && freshness is null) || (f.Has("completenessQuery") && completeness is null)
            || (f.Has("minCompleteness") && minCompleteness is null);
        return invalid
            ? null
            : new MetricSpec(name!, query!, target!.Value, capacity, source!, whenEmpty!.Value, maxValue, freshness, completeness, minCompleteness);
    }

    /// <summary>
    /// <c>spec.sizing</c>. The window must hold enough one-minute samples for the coverage quantile to exist
    /// (<see cref="SizingSpec.MinSamples"/>), else the model would never leave its fallback.
    /// </summary>
    private SizingSpec? ReadSizing(YamlNode node, TargetRef? target)
    {
        const string path = "spec.sizing";
        if (Fields(node, path, path) is not { } f)
        {
            return null;
        }

        var mode = f.Optional("mode") is { } m ? ReadEnum(m, $"{path}.mode", SizingModes) : SizingMode.Target;
        var coverage = f.Optional("coverage") is { } c ? ReadPercentage(c, $"{path}.coverage", 50, 99.99) : SizingSpec.DefaultCoverage;
        var window = f.Optional("window") is { } w ? ReadDuration(w, $"{path}.window", TimeSpan.FromHours(1), TimeSpan.FromDays(7)) : SizingSpec.DefaultWindow;
        if (mode is null || coverage is null || window is null)
        {
            return null;
        }

        var samples = (int)(window.Value.Ticks / SizingSpec.SamplePeriod.Ticks);
        var needed = SizingSpec.MinSamples(coverage.Value);
        if (samples < needed)
        {
            Error(f.Optional("window") ?? node, $"{path}.window", $"{Duration.Format(window.Value)} holds {samples} one-minute samples; coverage {coverage.Value} needs at least {needed}");
            return null;
        }

        if (mode == SizingMode.Calibrated && target?.Kind == TargetKind.HorizontalPodAutoscaler)
        {
            Error(f.Optional("mode")!, $"{path}.mode", "calibrated sizes the workload itself; a kind HorizontalPodAutoscaler target leaves reactive sizing to its HPA");
            return null;
        }

        return new SizingSpec(mode.Value, coverage.Value, window.Value);
    }

    // Long on purpose: reads spec.prediction key by key in the schema's order with the checks across its keys (step, season, history); as every Read* of the reader.
    private PredictionSpec? ReadPrediction(YamlNode node, List<MetricSpec>? metrics)
    {
        const string path = "spec.prediction";
        if (Fields(node, path, path) is not { } f)
        {
            return null;
        }

        var model = f.Required("model") is { } m ? ReadEnum(m, $"{path}.model", Models) : null;
        var forecasts = model is not null and not ForecastModelKind.None;

        string? metric = null;
        if (f.Optional("metric") is { } mn)
        {
            metric = ReadString(mn, $"{path}.metric");
            if (metric is not null && metrics is not null && !metrics.Any(x => x.Name == metric))
            {
                Error(mn, $"{path}.metric", $"\"{metric}\" is not one of the policy's metrics ({string.Join(", ", metrics.Select(x => x.Name))})");
                metric = null;
            }
        }
        else
        {
            metric = metrics?.FirstOrDefault()?.Name;
        }

        // A model needs its season, history and step; with model none they are optional and unused.
        TimeSpan? Span(string key) =>
            (forecasts ? f.Required(key) : f.Optional(key)) is { } n ? ReadDuration(n, $"{path}.{key}", TimeSpan.FromSeconds(1), PolicyLimits.MaxWindowDuration) : null;
        var history = Span("history");
        var season = Span("season");
        var step = Span("step");

        if (step is { } st && season is { } se)
        {
            if (se.Ticks % st.Ticks != 0)
            {
                Error(f.Optional("step")!, $"{path}.step", $"{Duration.Format(st)} does not divide season {Duration.Format(se)}");
            }
            else if (model == ForecastModelKind.HoltWinters && se / st < 2)
            {
                // Holt-Winters smooths a seasonal index per step of the season: one step leaves nothing to smooth.
                Error(f.Optional("step")!, $"{path}.step", $"{Duration.Format(st)} must be at most half of season {Duration.Format(se)}: holtWinters needs at least 2 steps per season");
            }
            else if (Math.Max(se / st, (history ?? TimeSpan.Zero) / st) > PolicyLimits.MaxForecastSamples)
            {
                Error(f.Optional("step")!, $"{path}.step", $"{Duration.Format(st)} makes {Math.Max(se / st, (history ?? TimeSpan.Zero) / st):0} samples of history or season, above the limit of {PolicyLimits.MaxForecastSamples}; use a longer step");
            }

            if (history is { } h && h < se)
            {
                Error(f.Optional("history")!, $"{path}.history", $"{Duration.Format(h)} is shorter than one season ({Duration.Format(se)}); the model cannot be fitted");
            }
        }

        var headroom = f.Optional("headroom") is { } hr ? ReadPercentage(hr, $"{path}.headroom", 0, PolicyLimits.MaxHeadroomPercent) : Percentage.FromFraction(0);
        var trust = f.Optional("trust") is { } t ? ReadTrust(t) : PolicyDefaults.Trust;

        var seasonality = Seasonality.Additive;
        if (f.Optional("seasonality") is { } sn)
        {
            seasonality = ReadEnum(sn, $"{path}.seasonality", Seasonalities) ?? Seasonality.Additive;
            if (model is not null and not ForecastModelKind.HoltWinters)
            {
                Error(sn, $"{path}.seasonality", "applies only to model holtWinters");
            }
        }

        if (model is null || metric is null || headroom is null || trust is null)
        {
            return null;
        }

        return new PredictionSpec(
            model.Value, metric, history ?? TimeSpan.Zero, season ?? TimeSpan.Zero, step ?? TimeSpan.Zero, headroom.Value, trust, seasonality);
    }

    private TrustSpec? ReadTrust(YamlNode node)
    {
        const string path = "spec.prediction.trust";
        if (Fields(node, path, path) is not { } f)
        {
            return null;
        }

        var window = f.Optional("window") is { } w ? ReadDuration(w, $"{path}.window", TimeSpan.FromSeconds(1)) : PolicyDefaults.Trust.Window;
        var maxError = f.Optional("maxError") is { } e
            ? ReadPercentage(e, $"{path}.maxError", 0, exclusiveMin: true)
            : PolicyDefaults.Trust.MaxError;
        var gate = f.Optional("gate") is { } g ? ReadEnum(g, $"{path}.gate", TrustGates) : TrustGate.Decisions;
        return window is null || maxError is null || gate is null ? null : new TrustSpec(window.Value, maxError.Value, gate.Value);
    }
}
