using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Validation;

public sealed class PolicyWarningRulesTests
{
    private static string[] Warnings(string yaml, DateTimeOffset? now = null)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, now ?? TestPaths.Now);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return [.. result.Warnings.Select(w => $"{w.Path}: {w.Message}")];
    }

    [Fact]
    public void LoadText_LeadShorterThanStartupPlusInterval_Warns()
    {
        var warnings = Warnings(PolicyYaml.Policy(spec: "startup: 90s\nprewarm:\n  - { name: sale, start: 2027-11-11T00:00:00+08:00, lead: 1m, replicas: 10, hold: 1h }"));

        Assert.Equal(["spec.prewarm[0].lead: 1m is shorter than startup + interval (105s); the floor may not be serving at the start"], warnings);
    }

    [Fact]
    public void LoadText_LeadEqualToStartupPlusInterval_DoesNotWarn()
    {
        Assert.Empty(Warnings(PolicyYaml.Policy(spec: "startup: 45s\nprewarm:\n  - { name: sale, start: 2027-11-11T00:00:00+08:00, lead: 1m, replicas: 10, hold: 1h }")));
    }

    [Fact]
    public void LoadText_PrewarmAboveMaxReplicasAndBudget_WarnsForBoth()
    {
        var warnings = Warnings(PolicyYaml.Policy(
            spec: "prewarm:\n  - { name: sale, start: 2027-11-11T00:00:00+08:00, lead: 30m, replicas: 60, hold: 1h }",
            guardrails: "budget: { pricePerReplicaHour: 0.5, maxPerHour: 20 }"));

        Assert.Equal(
            [
                "spec.prewarm[0].replicas: 60 is above maxReplicas (50); the floor is clamped to 50",
                "spec.prewarm[0].replicas: 60 is above what the budget allows (40 replicas); the pre-warm wins over the budget",
            ],
            warnings);
    }

    [Fact]
    public void LoadText_OneOffRampDownInsideFreeze_Warns()
    {
        var warnings = Warnings(PolicyYaml.Policy(
            spec: "prewarm:\n  - { name: sale, start: 2027-11-11T00:00:00Z, lead: 30m, replicas: 10, hold: 1h, rampDown: 1h }",
            guardrails: "freeze:\n  - { start: 2027-11-11T00:00:00Z, end: 2027-11-11T01:30:00Z }"));

        Assert.Equal(["spec.prewarm[0].rampDown: the ramp-down from 2027-11-11T01:00:00Z overlaps spec.guardrails.freeze[0]; no scale-down happens while frozen"], warnings);
    }

    [Fact]
    public void LoadText_FreezeEndingWhereRampDownStarts_DoesNotWarn()
    {
        Assert.Empty(Warnings(PolicyYaml.Policy(
            spec: "prewarm:\n  - { name: sale, cron: \"0 20 * * 1-5\", timeZone: Asia/Shanghai, lead: 30m, multiplier: 3, hold: 1h, rampDown: 1h }",
            guardrails: "freeze:\n  - { cron: \"0 20 * * 1-5\", timeZone: Asia/Shanghai, duration: 1h }")));
    }

    [Fact]
    public void LoadText_CronRampDownInsideCronFreeze_Warns()
    {
        var warnings = Warnings(PolicyYaml.Policy(
            spec: "prewarm:\n  - { name: sale, cron: \"0 20 * * *\", lead: 30m, replicas: 10, hold: 1h, rampDown: 1h }",
            guardrails: "freeze:\n  - { cron: \"30 21 * * *\", duration: 2h }"));

        Assert.Equal(["spec.prewarm[0].rampDown: the ramp-down from 2026-11-25T21:00:00Z overlaps spec.guardrails.freeze[0]; no scale-down happens while frozen"], warnings);
    }

    [Fact]
    public void LoadText_HistoryUnderTwoSeasons_Warns()
    {
        var warnings = Warnings(PolicyYaml.Policy(spec: "prediction: { model: holtWinters, history: 36h, season: 1d, step: 1m }"));

        Assert.Equal(["spec.prediction.history: 36h is less than 2 x season (2d); the seasonal fit is weak"], warnings);
    }

    [Fact]
    public void LoadText_MaxStalenessUnderTwoIntervals_Warns()
    {
        var warnings = Warnings(PolicyYaml.Policy(spec: "interval: 1m", guardrails: "maxStaleness: 90s"));

        Assert.Equal(["spec.guardrails.maxStaleness: 90s is less than 2 x interval (2m); one late scrape makes the metric stale"], warnings);
    }

    [Fact]
    public void LoadText_OneOffWindowsEnded_WarnAtTheEvaluationInstantGiven()
    {
        var yaml = PolicyYaml.Policy(
            spec: "prewarm:\n  - { name: sale, start: 2026-11-11T00:00:00+08:00, lead: 30m, replicas: 10, hold: 2h, rampDown: 1h }",
            guardrails: "freeze:\n  - { start: 2026-11-11T00:00:00+08:00, end: 2026-11-11T02:00:00+08:00 }");

        Assert.Empty(Warnings(yaml, new DateTimeOffset(2026, 11, 10, 17, 59, 59, TimeSpan.Zero)));
        Assert.Equal(
            [
                "spec.prewarm[0].start: this one-off window ended at 2026-11-10T19:00:00Z",
                "spec.guardrails.freeze[0].end: this one-off window ended at 2026-11-10T18:00:00Z",
            ],
            Warnings(yaml, new DateTimeOffset(2026, 11, 10, 19, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void LoadText_Strict_TurnsWarningsIntoErrorsAndLoadsNothing()
    {
        var yaml = PolicyYaml.Policy(spec: "interval: 1m", guardrails: "maxStaleness: 90s");

        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now, strict: true);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Policies);
        Assert.Equal("spec.guardrails.maxStaleness", Assert.Single(result.Errors).Path);
    }
}
