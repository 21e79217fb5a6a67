using System.Globalization;
using System.Text;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>
/// Inputs that once crashed, hung or exhausted the loader: each is now refused (or warned about) with a positioned
/// message, in bounded time and memory.
/// </summary>
public sealed class PolicyLoaderHardeningTests
{
    private static PolicyDiagnostic SingleError(string yaml)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.True(error.Location.Line >= 1, error.ToString());
        return error;
    }

    [Fact]
    public void LoadText_UnclosedFlowMappingThenAnotherLine_SyntaxErrorNotACrash()
    {
        var yaml = PolicyYaml.Policy().Replace("name: api }", "name: api", StringComparison.Ordinal) + "\n  interval: 15s\n";

        var error = SingleError(yaml);

        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Asia")]
    [InlineData("../../etc/passwd")]
    [InlineData("/usr/share/zoneinfo/UTC")]
    [InlineData("Not/A_Zone")]
    public void LoadText_TimeZoneThatIsADirectoryOrAPath_NotAKnownZone(string zone)
    {
        var error = SingleError(PolicyYaml.Policy(spec: $"prewarm:\n  - {{ name: a, cron: \"0 20 * * *\", timeZone: \"{zone}\", lead: 1h, replicas: 5, hold: 1h }}"));

        Assert.Equal("spec.prewarm[0].timeZone", error.Path);
        Assert.Contains("is not a known IANA time zone", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", 50_000)]
    [InlineData("{a: ", 50_000)]
    [InlineData("- ", 5_000)]
    public void LoadText_VeryDeepNesting_RefusedAtTheLimitNotAStackOverflow(string opener, int depth)
    {
        var yaml = string.Concat(Enumerable.Repeat(opener, depth)) + "x";

        var error = SingleError(yaml);

        Assert.Contains($"nesting deeper than {PolicyLimits.MaxNestingDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_AliasBomb_RefusedNotExpanded()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var error = SingleError(yaml.ToString());

        Assert.Contains("once its aliases are expanded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_HugeName_RefusedQuotingAtMostEightyCharacters()
    {
        var name = new string('a', PolicyLimits.MaxScalarLength + 1);

        var error = SingleError(PolicyYaml.Policy(name: name));

        Assert.Contains("above the limit", error.Message, StringComparison.Ordinal);
        Assert.True(error.ToString().Length < 300, $"{error.ToString().Length} characters");
    }

    [Fact]
    public void LoadText_LongInvalidName_MessageQuotesAtMostEightyCharacters()
    {
        var name = new string('A', 5000);

        var result = PolicyLoader.LoadText("p.yaml", PolicyYaml.Policy(name: name, targetName: "web"), TestPaths.Now);

        var error = Assert.Single(result.Errors);
        Assert.Equal("metadata.name", error.Path);
        Assert.Contains("(5000 characters)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void LoadText_TextOverTheFileSizeLimit_RefusedBeforeParsing()
    {
        var yaml = PolicyYaml.Policy() + "\n#" + new string('x', PolicyLimits.MaxFileBytes);

        var error = SingleError(yaml);

        Assert.Contains("above the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TwentyThousandDocuments_RefusedAtTheDocumentLimit()
    {
        var yaml = string.Concat(Enumerable.Repeat("---\n", 20_000));

        var error = SingleError(yaml);

        Assert.Contains($"more than {PolicyLimits.MaxDocuments} documents", error.Message, StringComparison.Ordinal);
        Assert.Equal(PolicyLimits.MaxDocuments + 1, error.Location.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\n")]
    [InlineData("# only a comment\n")]
    [InlineData("\0")]
    [InlineData("\uFEFF")]
    public void LoadText_NoPolicyInTheFile_AnErrorAtLineOne(string yaml)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now, strict: false);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Location.Line);
    }

    [Theory]
    [InlineData("maxReplicas: 99999999999999999999", "spec.guardrails.maxReplicas", "is out of range")]
    [InlineData("minReplicas: -99999999999999999999", "spec.guardrails.minReplicas", "is out of range")]
    [InlineData("maxStaleness: 99999999999999999999d", "spec.guardrails.maxStaleness", "is out of range")]
    [InlineData("maxStaleness: 9999999999999d", "spec.guardrails.maxStaleness", "is out of range")]
    public void LoadText_NumberOrDurationThatOverflows_OutOfRangeNotMalformed(string guardrail, string path, string expected)
    {
        var yaml = PolicyYaml.Policy(guardrails: guardrail).Replace("    maxReplicas: 50\n    maxReplicas", "    maxReplicas", StringComparison.Ordinal);

        var error = Assert.Single(PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now).Errors, e => e.Path == path);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("below the minimum", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_HoltWintersStepEqualToSeason_ErrorAtValidateNotAThrowAtRun()
    {
        var error = SingleError(PolicyYaml.Policy(spec: "prediction: { model: holtWinters, history: 14d, season: 1d, step: 1d }"));

        Assert.Equal("spec.prediction.step", error.Path);
        Assert.Contains("at least 2 steps per season", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ForecastWithTooManySamples_Refused()
    {
        var error = SingleError(PolicyYaml.Policy(spec: "prediction: { model: seasonalNaive, history: 366d, season: 7d, step: 1s }"));

        Assert.Equal("spec.prediction.step", error.Path);
        Assert.Contains("above the limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start: 9999-12-31T00:00:00Z, lead: 1h, replicas: 5, hold: 2d")]
    [InlineData("start: 0001-01-01T01:00:00Z, lead: 2h, replicas: 5, hold: 1h")]
    public void LoadText_PrewarmLeavingTheCalendar_RefusedAtItsStart(string fields)
    {
        var error = SingleError(PolicyYaml.Policy(spec: $"prewarm:\n  - {{ name: a, {fields} }}"));

        Assert.Equal("spec.prewarm[0].start", error.Path);
        Assert.Contains("leaves the supported range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_WindowDurationOverTheLimit_OutOfRange()
    {
        var error = SingleError(PolicyYaml.Policy(spec: "prewarm:\n  - { name: a, cron: \"0 20 * * *\", lead: 1h, replicas: 5, hold: 367d }"));

        Assert.Equal("spec.prewarm[0].hold", error.Path);
    }

    [Fact]
    public void LoadText_EveryMinuteCronWithAMonthLongRampDown_TooManyActiveOccurrences()
    {
        var error = SingleError(PolicyYaml.Policy(spec: "prewarm:\n  - { name: a, cron: \"* * * * *\", lead: 1m, replicas: 5, hold: 1m, rampDown: 30d }"));

        Assert.Equal("spec.prewarm[0].cron", error.Path);
        Assert.Contains($"more than {PolicyLimits.MaxActiveOccurrences} occurrences", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_EveryMinuteFreezeOfAMonth_TooManyActiveOccurrences()
    {
        var error = SingleError(PolicyYaml.Policy(guardrails: "freeze:\n  - { cron: \"* * * * *\", duration: 30d }"));

        Assert.Equal("spec.guardrails.freeze[0].cron", error.Path);
    }

    [Fact]
    public void LoadText_CronThatNeverFires_Warning()
    {
        var result = PolicyLoader.LoadText("p.yaml", PolicyYaml.Policy(spec: "prewarm:\n  - { name: a, cron: \"0 0 30 2 *\", lead: 1h, replicas: 5, hold: 1h }"), TestPaths.Now);

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Diagnostics, d => d.Path == "spec.prewarm[0].cron");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("never occurs", warning.Message, StringComparison.Ordinal);
    }
}
