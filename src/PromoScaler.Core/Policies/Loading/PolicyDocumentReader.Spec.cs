using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary><c>spec</c>, <c>spec.target</c>, <c>spec.metrics</c> and <c>spec.prediction</c>.</summary>
internal sealed partial class PolicyDocumentReader
{
    private static readonly Dictionary<string, TargetKind> TargetKinds = new(StringComparer.Ordinal)
    {
        ["Deployment"] = TargetKind.Deployment,
        ["StatefulSet"] = TargetKind.StatefulSet,
        ["Scale"] = TargetKind.Scale,
        ["HorizontalPodAutoscaler"] = TargetKind.HorizontalPodAutoscaler,
    };

    private static readonly Dictionary<string, EmptyResultMode> EmptyModes = new(StringComparer.Ordinal)
    {
        ["missing"] = EmptyResultMode.Missing,
        ["zero"] = EmptyResultMode.Zero,
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
        var metrics = fields.Required("metrics") is { } m ? ReadMetrics(m) : null;
        var prediction = fields.Optional("prediction") is { } p ? ReadPrediction(p, metrics) : null;
        var prewarm = fields.Optional("prewarm") is { } w ? ReadPrewarms(w) : [];
        var guardrails = fields.Required("guardrails") is { } g ? ReadGuardrails(g, interval) : null;
        var dryRun = fields.Optional("dryRun") is { } d ? ReadBool(d, "spec.dryRun") : false;

        if (target is null || interval is null || startup is null || metrics is null || guardrails is null || dryRun is null)
        {
            return null;
        }

        return new PolicySpec(target, interval.Value, startup.Value, metrics, prediction, prewarm, guardrails, dryRun.Value);
    }

    private TargetRef? ReadTarget(YamlNode node)
    {
        if (Fields(node, "spec.target", "spec.target") is not { } fields)
        {
            return null;
        }

        var kind = fields.Required("kind") is { } k ? ReadEnum(k, "spec.target.kind", TargetKinds) : null;
        var ns = fields.Required("namespace") is { } n
            ? ReadMatching(n, "spec.target.namespace", DnsLabel(), 63, "a Kubernetes namespace (DNS-1123 label)")
            : null;
        var name = fields.Required("name") is { } nm
            ? ReadMatching(nm, "spec.target.name", DnsSubdomain(), 253, "a Kubernetes object name (DNS-1123 subdomain)")
            : null;

        string? apiVersion = null;
        string? resource = null;
        if (kind == TargetKind.Scale)
        {
            // Any object with a /scale subresource is addressed by group/version and plural resource.
            apiVersion = fields.Required("apiVersion") is { } av ? ReadNonEmptyString(av, "spec.target.apiVersion") : null;
            resource = fields.Required("resource") is { } r
                ? ReadMatching(r, "spec.target.resource", DnsLabel(), 63, "a plural resource name such as rollouts")
                : null;
        }
        else if (kind is not null)
        {
            foreach (var extra in new[] { "apiVersion", "resource" })
            {
                if (fields.Optional(extra) is { } x)
                {
                    Error(x, $"spec.target.{extra}", "applies only to kind Scale");
                }
            }
        }

        if (kind is null || ns is null || name is null || (kind == TargetKind.Scale && (apiVersion is null || resource is null)))
        {
            return null;
        }

        return new TargetRef(kind.Value, ns, name, apiVersion, resource);
    }

    private List<MetricSpec>? ReadMetrics(YamlNode node)
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
            var metric = ReadMetric(item, path);
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

    private MetricSpec? ReadMetric(YamlNode node, string path)
    {
        if (Fields(node, path, "spec.metrics[]") is not { } f)
        {
            return null;
        }

        var name = f.Required("name") is { } n ? ReadMatching(n, $"{path}.name", MetricName(), 63, "a metric name ([a-z0-9_]+)") : null;
        var query = f.Required("query") is { } q ? ReadNonEmptyString(q, $"{path}.query") : null;
        var target = f.Required("targetPerReplica") is { } t ? ReadPositiveNumber(t, $"{path}.targetPerReplica") : null;
        var capacity = f.Optional("capacityPerReplica") is { } c ? ReadPositiveNumber(c, $"{path}.capacityPerReplica") : null;
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

        var headroom = f.Optional("headroom") is { } hr ? ReadPercentage(hr, $"{path}.headroom") : Percentage.FromFraction(0);
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
        return window is null || maxError is null ? null : new TrustSpec(window.Value, maxError.Value);
    }
}
