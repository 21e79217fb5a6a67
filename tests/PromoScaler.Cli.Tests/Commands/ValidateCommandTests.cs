using System.Text.Json;

namespace PromoScaler.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Run_ExamplesDirectory_ExitsZeroWithOneOkLinePerPolicy()
    {
        var (exitCode, lines) = CliRunner.Run("validate", CliRunner.Examples);

        Assert.Equal(ExitCodes.Ok, exitCode);
        var okLines = lines.Where(l => l.StartsWith("OK ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Directory.GetFiles(CliRunner.Examples, "*.yaml").Length, okLines.Count);
        Assert.Contains(okLines, l => l.StartsWith("OK storefront-singles-day: Deployment shop/storefront-web (", StringComparison.Ordinal));
        Assert.Contains(okLines, l => l.StartsWith("OK recommendations-trial: rollouts.argoproj.io/v1alpha1 reco/recommendations (dry run) (", StringComparison.Ordinal));
        Assert.StartsWith("valid: ", lines[^1]);
    }

    [Fact]
    public async Task Run_NamedPipe_ExitsOneNamingItWithoutBlocking()
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-validate-").FullName;
        try
        {
            var fifo = Path.Combine(directory, "fifo.yaml");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                await mkfifo.WaitForExitAsync();
            }

            var (exitCode, lines) = await Task.Run(() => CliRunner.Run("validate", fifo)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(ExitCodes.Invalid, exitCode);
            Assert.Contains(lines, l => l.Contains($"{fifo}: is a named pipe (FIFO), not a regular file", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_OneOffPrewarmAndFreeze_ShowsActiveRangeInUtcAndItsOffset()
    {
        var (_, lines) = CliRunner.Run("validate", Path.Combine(CliRunner.Examples, "singles-day.yaml"));

        Assert.Equal(
            [
                "OK storefront-singles-day: Deployment shop/storefront-web (" + Path.Combine(CliRunner.Examples, "singles-day.yaml") + ":6:1)",
                "  prewarm double-11-2027: 2027-11-10 15:15 .. 2027-11-10 19:00 UTC | 2027-11-10 23:15 +08:00 .. 2027-11-11 03:00 +08:00 UTC+08:00",
                "  freeze spec.guardrails.freeze[0]: 2027-11-10 16:00 .. 2027-11-10 18:00 UTC | 2027-11-11 00:00 +08:00 .. 2027-11-11 02:00 +08:00 UTC+08:00",
                "valid: 1 policy, 0 errors, 0 warnings",
            ],
            lines);
    }

    [Fact]
    public void Run_CronAcrossDstChange_ShowsNextThreeOccurrencesAtTheSameLocalTime()
    {
        var (_, lines) = CliRunner.Run(
            new DateTimeOffset(2027, 3, 13, 0, 0, 0, TimeSpan.Zero), "validate", Path.Combine(CliRunner.Examples, "dst-cron.yaml"));

        Assert.Equal(
            [
                "  prewarm morning-drop: 2027-03-13 13:45 .. 2027-03-13 15:00 UTC | 2027-03-13 08:45 -05:00 .. 2027-03-13 10:00 -05:00 America/New_York",
                "  prewarm morning-drop: 2027-03-14 12:45 .. 2027-03-14 14:00 UTC | 2027-03-14 08:45 -04:00 .. 2027-03-14 10:00 -04:00 America/New_York",
                "  prewarm morning-drop: 2027-03-15 12:45 .. 2027-03-15 14:00 UTC | 2027-03-15 08:45 -04:00 .. 2027-03-15 10:00 -04:00 America/New_York",
            ],
            lines.Where(l => l.StartsWith("  prewarm", StringComparison.Ordinal)));
    }

    [Fact]
    public void Run_WeekdayCron_SkipsTheWeekend()
    {
        // Friday 2026-11-27 12:00Z: the next weekday 20:00 Shanghai starts are Friday, Monday, Tuesday.
        var (_, lines) = CliRunner.Run(
            new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), "validate", Path.Combine(CliRunner.Examples, "flash-sale.yaml"));

        Assert.Equal(
            [
                "  freeze spec.guardrails.freeze[0]: 2026-11-27 12:00 .. 2026-11-27 13:00 UTC | 2026-11-27 20:00 +08:00 .. 2026-11-27 21:00 +08:00 Asia/Shanghai",
                "  freeze spec.guardrails.freeze[0]: 2026-11-30 12:00 .. 2026-11-30 13:00 UTC | 2026-11-30 20:00 +08:00 .. 2026-11-30 21:00 +08:00 Asia/Shanghai",
                "  freeze spec.guardrails.freeze[0]: 2026-12-01 12:00 .. 2026-12-01 13:00 UTC | 2026-12-01 20:00 +08:00 .. 2026-12-01 21:00 +08:00 Asia/Shanghai",
            ],
            lines.Where(l => l.StartsWith("  freeze", StringComparison.Ordinal)));
    }

    [Fact]
    public void Run_WarningOnly_ExitsZeroAndStrictExitsOne()
    {
        var file = Path.Combine(CliRunner.Examples, "nasa-launch.yaml");

        var (exitCode, lines) = CliRunner.Run("validate", file);
        var (strictExitCode, strictLines) = CliRunner.Run("validate", file, "--strict");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains($"warning: {file}:29:14 spec.prewarm[0].start: this one-off window ended at 1995-07-13T15:11:00Z", lines);
        Assert.Equal(ExitCodes.Invalid, strictExitCode);
        Assert.Contains($"{file}:29:14 spec.prewarm[0].start: this one-off window ended at 1995-07-13T15:11:00Z", strictLines);
        Assert.DoesNotContain(strictLines, l => l.StartsWith("OK ", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_MissingFile_ExitsOneNamingIt()
    {
        var (exitCode, lines) = CliRunner.Run("validate", "no-such-policy.yaml");

        Assert.Equal(ExitCodes.Invalid, exitCode);
        Assert.Equal("no-such-policy.yaml: no such file or directory", lines[0]);
    }

    [Fact]
    public void Run_JsonOutput_HasTheStableShape()
    {
        var (exitCode, lines) = CliRunner.Run("validate", CliRunner.Examples, "--output", "json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        using var json = JsonDocument.Parse(string.Join("\n", lines));
        var root = json.RootElement;
        Assert.Equal(["valid", "policies", "errors", "warnings", "windows"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(Directory.GetFiles(CliRunner.Examples, "*.yaml").Length, root.GetProperty("policies").GetArrayLength());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.Equal(["file", "line", "column", "path", "message"], root.GetProperty("warnings")[0].EnumerateObject().Select(p => p.Name));

        var policy = root.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "recommendations-trial");
        Assert.Equal("Scale", policy.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal("rollouts", policy.GetProperty("target").GetProperty("resource").GetString());
        Assert.True(policy.GetProperty("dryRun").GetBoolean());

        var window = root.GetProperty("windows").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "double-11-2027");
        Assert.Equal("prewarm", window.GetProperty("type").GetString());
        var occurrence = Assert.Single(window.GetProperty("occurrences").EnumerateArray());
        Assert.Equal("2027-11-10T15:15:00Z", occurrence.GetProperty("from").GetString());
        Assert.Equal("2027-11-11T03:00:00+08:00", occurrence.GetProperty("untilLocal").GetString());
    }

    [Fact]
    public void Run_JsonOutputOfInvalidFile_ListsErrorsAndExitsOne()
    {
        var (exitCode, lines) = CliRunner.Run("validate", Path.Combine(CliRunner.Bad, "wrong-type.yaml"), "-o", "json");

        Assert.Equal(ExitCodes.Invalid, exitCode);
        using var json = JsonDocument.Parse(string.Join("\n", lines));
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal("spec.metrics", json.RootElement.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("policies").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("validate")]
    [InlineData("validate x.yaml --output xml")]
    [InlineData("validate x.yaml --colour")]
    [InlineData("frobnicate")]
    public void Run_UsageError_ExitsTwo(string commandLine)
    {
        var (exitCode, lines) = CliRunner.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.EndsWith("--help' for usage.", lines[^1]);
    }

    [Fact]
    public void Run_Help_ExitsZero()
    {
        var (exitCode, lines) = CliRunner.Run("validate", "--help");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(lines, l => l.Contains("--strict", StringComparison.Ordinal));
    }
}
