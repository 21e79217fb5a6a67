using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>Step 4, pre-warm part (spec "Pre-warm windows"): the largest floor of the occurrences active now.</summary>
internal static class PrewarmFloors
{
    /// <summary>
    /// Records one step per active occurrence and returns the largest floor, clamped to maxReplicas (null: none).
    /// <paramref name="baselines"/> is the state's list when nothing changed, else a new one with the baselines of
    /// occurrences that have ended dropped and those fixed now added.
    /// With <c>stateLost</c> (no remembered state), an active multiplier occurrence without a baseline has lost it.
    /// </summary>
    // Long on purpose: one pass over the active occurrences, each a fixed or a multiplier level clamped to maxReplicas, sharing the baselines it may add; kept together so the pass reads as the spec's rule.
    public static int? Evaluate(
        PolicySpec spec,
        int current,
        IReadOnlyList<PrewarmBaseline> remembered,
        bool stateLost,
        DateTimeOffset now,
        ref StepRecorder steps,
        out IReadOnlyList<PrewarmBaseline> baselines,
        out ReasonCode code)
    {
        var max = spec.Guardrails.MaxReplicas;
        List<PrewarmBaseline>? changed = Prune(spec.Prewarm, remembered, now);
        int? floor = null;
        code = ReasonCode.PrewarmFloor;

        for (var w = 0; w < spec.Prewarm.Count; w++)
        {
            var window = spec.Prewarm[w];
            foreach (var occurrence in ActivePrewarms.At(window, now))
            {
                int level;
                ReasonCode levelCode;
                if (window.Replicas is { } replicas)
                {
                    level = LevelAt(occurrence, replicas, now);
                    levelCode = ReasonCode.PrewarmFloor;
                    steps.Add(DecisionStage.Floors, levelCode, window.Name, replicas, after: level);
                }
                else
                {
                    var known = Find(changed ?? remembered, window.Name, occurrence.Start);
                    if (known is null)
                    {
                        // The first evaluation at or after start - lead fixes the baseline, unless the state that would
                        // hold it was lost while the occurrence was active: then it can never be known.
                        known = new PrewarmBaseline(window.Name, occurrence.Start, current, Unknown: stateLost);
                        changed ??= [.. remembered];
                        changed.Add(known.Value);
                    }

                    if (known.Value.Unknown)
                    {
                        level = current;
                        levelCode = ReasonCode.PrewarmBaselineUnknown;
                        steps.Add(DecisionStage.Floors, levelCode, window.Name, after: level);
                    }
                    else
                    {
                        var full = ReplicaMath.Ceil(window.Multiplier.GetValueOrDefault() * known.Value.Baseline);
                        level = LevelAt(occurrence, full, now);
                        levelCode = ReasonCode.PrewarmFloor;
                        steps.Add(DecisionStage.Floors, levelCode, window.Name, full, after: level, limit: known.Value.Baseline);
                    }
                }

                if (level > max)
                {
                    steps.Add(DecisionStage.Floors, ReasonCode.PrewarmClampedToMax, window.Name, before: level, after: max, limit: max);
                    level = max;
                    levelCode = ReasonCode.PrewarmClampedToMax;
                }

                if (floor is null || level > floor)
                {
                    floor = level;
                    code = levelCode;
                }
            }
        }

        baselines = changed ?? remembered;
        return floor;
    }

    /// <summary>F on [start - lead, start + hold), then ceil(F x (end - t) / rampDown), in exact integer arithmetic.</summary>
    internal static int LevelAt(PrewarmOccurrence occurrence, int full, DateTimeOffset now) =>
        now < occurrence.HoldEnd
            ? full
            : ReplicaMath.CeilMulDiv(full, (occurrence.ActiveUntil - now).Ticks, occurrence.Window.RampDown.Ticks);

    private static PrewarmBaseline? Find(IReadOnlyList<PrewarmBaseline> baselines, string window, DateTimeOffset start)
    {
        for (var i = 0; i < baselines.Count; i++)
        {
            if (baselines[i].OccurrenceStart == start && string.Equals(baselines[i].Window, window, StringComparison.Ordinal))
            {
                return baselines[i];
            }
        }

        return null;
    }

    /// <summary>Drops baselines whose occurrence has ended or whose window left the policy; null when none is dropped.</summary>
    private static List<PrewarmBaseline>? Prune(IReadOnlyList<PrewarmWindow> windows, IReadOnlyList<PrewarmBaseline> remembered, DateTimeOffset now)
    {
        List<PrewarmBaseline>? kept = null;
        for (var i = 0; i < remembered.Count; i++)
        {
            var b = remembered[i];
            var window = FindWindow(windows, b.Window);
            var live = window is not null && now < b.OccurrenceStart + window.Hold + window.RampDown;
            if (!live && kept is null)
            {
                kept = new List<PrewarmBaseline>(remembered.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(remembered[j]);
                }
            }
            else if (live)
            {
                kept?.Add(b);
            }
        }

        return kept;
    }

    private static PrewarmWindow? FindWindow(IReadOnlyList<PrewarmWindow> windows, string name)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (string.Equals(windows[i].Name, name, StringComparison.Ordinal))
            {
                return windows[i];
            }
        }

        return null;
    }
}
