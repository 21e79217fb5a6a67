using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary><c>spec.guardrails</c>: replica bounds, tolerance, HPA behavior blocks, freeze, missing data, budget.</summary>
internal sealed partial class PolicyDocumentReader
{
    private static readonly Dictionary<string, SelectPolicy> SelectPolicies = new(StringComparer.Ordinal)
    {
        ["Max"] = SelectPolicy.Max,
        ["Min"] = SelectPolicy.Min,
        ["Disabled"] = SelectPolicy.Disabled,
    };

    private static readonly Dictionary<string, StepPolicyType> StepTypes = new(StringComparer.Ordinal)
    {
        ["Percent"] = StepPolicyType.Percent,
        ["Pods"] = StepPolicyType.Pods,
    };

    private static readonly Dictionary<string, MissingMetricsAction> MissingActions = new(StringComparer.Ordinal)
    {
        ["hold"] = MissingMetricsAction.Hold,
        ["scaleUp"] = MissingMetricsAction.ScaleUp,
    };

    private Guardrails? ReadGuardrails(YamlNode node, TimeSpan? interval, bool calibrated)
    {
        const string path = "spec.guardrails";
        if (Fields(node, path, path) is not { } f)
        {
            return null;
        }

        // HPA requires minReplicas >= 1 (scale to zero is an alpha feature there) and min <= max.
        var min = f.Optional("minReplicas") is { } mn ? ReadInt(mn, $"{path}.minReplicas", 1) : PolicyDefaults.MinReplicas;
        var max = f.Required("maxReplicas") is { } mx ? ReadInt(mx, $"{path}.maxReplicas", 1) : null;
        if (min is { } lo && max is { } hi && lo > hi)
        {
            Error(f.Optional("minReplicas")!, $"{path}.minReplicas", $"{lo} is greater than maxReplicas ({hi})");
            min = null;
        }

        var tolerance = f.Optional("tolerance") is { } t ? ReadTolerance(t) : PolicyDefaults.Tolerance;
        var scaleUp = f.Optional("scaleUp") is { } up ? ReadScalingRules(up, $"{path}.scaleUp", ScalingRules.DefaultScaleUp) : ScalingRules.DefaultScaleUp;
        // Calibrated sizing holds its own base (the hold it picks replaces the scale-down stabilization), so the
        // stabilization defaults to 0 there; an explicit value still applies.
        var downDefaults = calibrated ? ScalingRules.DefaultScaleDown with { Stabilization = TimeSpan.Zero } : ScalingRules.DefaultScaleDown;
        var scaleDown = f.Optional("scaleDown") is { } down ? ReadScalingRules(down, $"{path}.scaleDown", downDefaults) : downDefaults;
        var freeze = f.Optional("freeze") is { } fr ? ReadFreezes(fr) : [];
        var onMissing = f.Optional("onMissingMetrics") is { } om ? ReadEnum(om, $"{path}.onMissingMetrics", MissingActions) : PolicyDefaults.OnMissingMetrics;

        int? fallback = null;
        if (f.Optional("fallbackReplicas") is { } fb)
        {
            fallback = ReadInt(fb, $"{path}.fallbackReplicas", 1);
            if (fallback is { } v && max is { } m && v > m)
            {
                Error(fb, $"{path}.fallbackReplicas", $"{v} is greater than maxReplicas ({m})");
                fallback = null;
            }
        }
        else if (onMissing == MissingMetricsAction.ScaleUp)
        {
            Error(f.Optional("onMissingMetrics")!, $"{path}.fallbackReplicas", "required with onMissingMetrics: scaleUp");
        }

        var maxStaleness = f.Optional("maxStaleness") is { } ms
            ? ReadDuration(ms, $"{path}.maxStaleness", TimeSpan.FromSeconds(1))
            : PolicyDefaults.MaxStaleness(interval ?? PolicyDefaults.Interval);
        var budget = f.Optional("budget") is { } b ? ReadBudget(b) : null;

        var invalid = min is null || max is null || tolerance is null || scaleUp is null || scaleDown is null || freeze is null
            || onMissing is null || maxStaleness is null || (f.Has("fallbackReplicas") && fallback is null) || (f.Has("budget") && budget is null);
        return invalid
            ? null
            : new Guardrails(min!.Value, max!.Value, tolerance!, scaleUp!, scaleDown!, freeze!, onMissing!.Value, fallback, maxStaleness!.Value, budget);
    }

    /// <summary><c>10%</c> for both directions, or <c>{ scaleUp: 5%, scaleDown: 10% }</c> (each defaulting to 10%).</summary>
    private Tolerance? ReadTolerance(YamlNode node)
    {
        const string path = "spec.guardrails.tolerance";
        if (node is not YamlMapping)
        {
            return ReadPercentage(node, path, 0, 100) is { } both ? new Tolerance(both, both) : null;
        }

        if (Fields(node, path, path) is not { } f)
        {
            return null;
        }

        var up = f.Optional("scaleUp") is { } u ? ReadPercentage(u, $"{path}.scaleUp", 0, 100) : PolicyDefaults.Tolerance.ScaleUp;
        var down = f.Optional("scaleDown") is { } d ? ReadPercentage(d, $"{path}.scaleDown", 0, 100) : PolicyDefaults.Tolerance.ScaleDown;
        return up is null || down is null ? null : new Tolerance(up.Value, down.Value);
    }

    /// <summary>
    /// An HPA behavior block. A field left out keeps HPA's default for that direction, so a block with only
    /// <c>stabilization</c> keeps the default policies. Limits as HPA validation: stabilization 0s..1h,
    /// period 1s..30m, value &gt; 0, at least one policy unless <c>selectPolicy: Disabled</c>.
    /// </summary>
    private ScalingRules? ReadScalingRules(YamlNode node, string path, ScalingRules defaults)
    {
        var catalogKey = path;
        if (Fields(node, path, catalogKey) is not { } f)
        {
            return null;
        }

        var stabilization = f.Optional("stabilization") is { } s
            ? ReadDuration(s, $"{path}.stabilization", TimeSpan.Zero, TimeSpan.FromHours(1))
            : defaults.Stabilization;
        var select = f.Optional("selectPolicy") is { } sp ? ReadEnum(sp, $"{path}.selectPolicy", SelectPolicies) : defaults.SelectPolicy;

        IReadOnlyList<StepPolicy>? policies = defaults.Policies;
        if (f.Optional("policies") is { } p)
        {
            var list = new List<StepPolicy>();
            var ok = true;
            foreach (var (item, itemPath, _) in Items(p, $"{path}.policies"))
            {
                if (ReadStepPolicy(item, itemPath, $"{path}.policies[]") is { } step)
                {
                    list.Add(step);
                }
                else
                {
                    ok = false;
                }
            }

            if (p is YamlSequence && list.Count == 0 && ok && select != SelectPolicy.Disabled)
            {
                Error(p, $"{path}.policies", "at least one policy is required unless selectPolicy is Disabled");
                ok = false;
            }

            policies = ok && p is YamlSequence ? list : null;
        }

        return stabilization is null || select is null || policies is null
            ? null
            : new ScalingRules(stabilization.Value, select.Value, policies);
    }

    private StepPolicy? ReadStepPolicy(YamlNode node, string path, string catalogKey)
    {
        if (Fields(node, path, catalogKey) is not { } f)
        {
            return null;
        }

        var type = f.Required("type") is { } t ? ReadEnum(t, $"{path}.type", StepTypes) : null;
        var value = f.Required("value") is { } v ? ReadInt(v, $"{path}.value", 1) : null;
        var period = f.Required("period") is { } p
            ? ReadDuration(p, $"{path}.period", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30))
            : null;
        return type is null || value is null || period is null ? null : new StepPolicy(type.Value, value.Value, period.Value);
    }

    private BudgetSpec? ReadBudget(YamlNode node)
    {
        const string path = "spec.guardrails.budget";
        if (Fields(node, path, path) is not { } f)
        {
            return null;
        }

        var price = f.Required("pricePerReplicaHour") is { } p ? ReadPositiveNumber(p, $"{path}.pricePerReplicaHour") : null;
        var maxPerHour = f.Required("maxPerHour") is { } m ? ReadPositiveNumber(m, $"{path}.maxPerHour") : null;
        return price is null || maxPerHour is null ? null : new BudgetSpec(price.Value, maxPerHour.Value);
    }
}
