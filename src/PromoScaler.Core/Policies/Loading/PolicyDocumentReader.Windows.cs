using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary><c>spec.prewarm</c> and <c>spec.guardrails.freeze</c>: one-off or cron windows.</summary>
internal sealed partial class PolicyDocumentReader
{
    private List<PrewarmWindow> ReadPrewarms(YamlNode node)
    {
        var windows = new List<PrewarmWindow>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (item, path, index) in Items(node, "spec.prewarm"))
        {
            if (ReadPrewarm(item, path) is not { } window)
            {
                continue;
            }

            if (names.TryGetValue(window.Name, out var first))
            {
                Error(item, $"{path}.name", $"duplicate pre-warm name \"{window.Name}\" (first at spec.prewarm[{first}])");
                continue;
            }

            names[window.Name] = index;
            windows.Add(window);
        }

        return windows;
    }

    private PrewarmWindow? ReadPrewarm(YamlNode node, string path)
    {
        if (Fields(node, path, "spec.prewarm[]") is not { } f)
        {
            return null;
        }

        var name = f.Required("name") is { } n ? ReadNonEmptyString(n, $"{path}.name") : null;
        var ok = ReadWhen(f, path, out var start, out var cron, "pre-warm");

        var lead = f.Required("lead") is { } l ? ReadDuration(l, $"{path}.lead", TimeSpan.Zero, PolicyLimits.MaxWindowDuration) : null;
        var hold = f.Required("hold") is { } h ? ReadDuration(h, $"{path}.hold", TimeSpan.Zero, PolicyLimits.MaxWindowDuration) : null;
        var rampDown = f.Optional("rampDown") is { } r ? ReadDuration(r, $"{path}.rampDown", TimeSpan.Zero, PolicyLimits.MaxWindowDuration) : PolicyDefaults.RampDown;

        int? replicas = null;
        double? multiplier = null;
        var hasReplicas = f.Has("replicas");
        var hasMultiplier = f.Has("multiplier");
        if (hasReplicas == hasMultiplier)
        {
            Error(hasReplicas ? f.Optional("multiplier")! : f.Node, path, "give exactly one of replicas or multiplier");
            ok = false;
        }
        else if (hasReplicas)
        {
            replicas = ReadInt(f.Optional("replicas")!, $"{path}.replicas", 1);
            ok &= replicas is not null;
        }
        else
        {
            multiplier = ReadPositiveNumber(f.Optional("multiplier")!, $"{path}.multiplier");
            ok &= multiplier is not null;
        }

        if (!ok || name is null || lead is null || hold is null || rampDown is null)
        {
            return null;
        }

        return new PrewarmWindow(name, start, cron, lead.Value, replicas, multiplier, hold.Value, rampDown.Value);
    }

    private List<FreezeWindow>? ReadFreezes(YamlNode node)
    {
        var windows = new List<FreezeWindow>();
        var ok = true;
        foreach (var (item, path, _) in Items(node, "spec.guardrails.freeze"))
        {
            if (ReadFreeze(item, path) is { } window)
            {
                windows.Add(window);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? windows : null;
    }

    /// <summary>A freeze is a one-off <c>start</c> + <c>end</c>, or <c>cron</c> + <c>duration</c>.</summary>
    private FreezeWindow? ReadFreeze(YamlNode node, string path)
    {
        if (Fields(node, path, "spec.guardrails.freeze[]") is not { } f)
        {
            return null;
        }

        var ok = ReadWhen(f, path, out var start, out var cron, "freeze");
        DateTimeOffset? end = null;
        TimeSpan? duration = null;
        if (f.Has("start"))
        {
            if (f.Optional("duration") is { } d)
            {
                Error(d, $"{path}.duration", "applies only with cron; a one-off freeze takes start and end");
                ok = false;
            }

            end = f.Required("end") is { } e ? ReadTimestamp(e, $"{path}.end") : null;
            if (start is { } s && end is { } en && en <= s)
            {
                Error(f.Optional("end")!, $"{path}.end", "must be after start");
                ok = false;
            }

            ok &= end is not null;
        }
        else if (f.Has("cron"))
        {
            if (f.Optional("end") is { } e)
            {
                Error(e, $"{path}.end", "applies only with start; a recurring freeze takes cron and duration");
                ok = false;
            }

            duration = f.Required("duration") is { } d ? ReadDuration(d, $"{path}.duration", TimeSpan.FromSeconds(1), PolicyLimits.MaxWindowDuration) : null;
            ok &= duration is not null;
        }

        return ok ? new FreezeWindow(start, end, cron, duration) : null;
    }

    /// <summary>
    /// The "when" of a window: exactly one of <c>start</c> (a timestamp) and <c>cron</c> (with an optional
    /// IANA <c>timeZone</c>, default UTC). False after reporting a problem.
    /// </summary>
    private bool ReadWhen(MappingFields f, string path, out DateTimeOffset? start, out CronSchedule? cron, string what)
    {
        start = null;
        cron = null;
        var startNode = f.Optional("start");
        var cronNode = f.Optional("cron");
        var zoneNode = f.Optional("timeZone");
        if ((startNode is null) == (cronNode is null))
        {
            Error(startNode is null ? f.Node : cronNode!, path, $"a {what} window takes exactly one of start or cron");
            return false;
        }

        // Every field is read even after one fails, so that each error is reported at once.
        if (startNode is not null)
        {
            if (zoneNode is not null)
            {
                Error(zoneNode, $"{path}.timeZone", "applies only with cron; a start carries its own offset");
            }

            start = ReadTimestamp(startNode, $"{path}.start");
            return start is not null && zoneNode is null;
        }

        var zone = zoneNode is null ? PolicyDefaults.TimeZone : ReadTimeZone(zoneNode, $"{path}.timeZone");
        var text = ReadString(cronNode!, $"{path}.cron");
        if (text is null)
        {
            return false;
        }

        // A bad zone must not hide a bad expression beside it: the expression is checked in UTC then.
        var parsed = CronSchedule.TryParse(text, zone ?? PolicyDefaults.TimeZone, out var error);
        if (parsed is null)
        {
            Error(cronNode!, $"{path}.cron", error!);
            return false;
        }

        cron = zone is null ? null : parsed;
        return cron is not null;
    }
}
