using System.Diagnostics;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>Messages a person can act on: every error at once, in the words of the file, with the rule broken.</summary>
public sealed class PolicyLoaderMessageTests
{
    [Fact]
    public void LoadText_BadTimeZoneBesideBadCron_BothReported()
    {
        var yaml = PolicyYaml.Policy(spec: "prewarm:\n  - { name: a, cron: \"0 25 * * *\", timeZone: Mars/Olympus, lead: 1h, replicas: 5, hold: 1h }");

        var errors = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now).Errors.ToList();

        Assert.Contains(errors, e => e.Path == "spec.prewarm[0].timeZone");
        Assert.Contains(errors, e => e.Path == "spec.prewarm[0].cron");
    }

    [Fact]
    public void LoadText_TimeZoneWithStartAndBadStart_BothReported()
    {
        var yaml = PolicyYaml.Policy(spec: "prewarm:\n  - { name: a, start: tomorrow, timeZone: UTC, lead: 1h, replicas: 5, hold: 1h }");

        var errors = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now).Errors.ToList();

        Assert.Contains(errors, e => e.Path == "spec.prewarm[0].timeZone");
        Assert.Contains(errors, e => e.Path == "spec.prewarm[0].start");
    }

    [Theory]
    [InlineData("names[ace")]
    [InlineData("n{mespace")]
    public void LoadText_BracketInsideAFlowKey_PositionedHumanMessage(string key)
    {
        var yaml = PolicyYaml.Policy().Replace("namespace: shop", $"{key}: shop", StringComparison.Ordinal);

        var error = Assert.Single(PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now).Errors);

        Assert.DoesNotContain("Operation is not valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Location.Line);
        Assert.True(error.Location.Column > 1, error.ToString());
    }

    [Theory]
    [InlineData("-10%", "-10% must be at least 0% and at most 1000%")]
    [InlineData("5000%", "5000% must be at least 0% and at most 1000%")]
    [InlineData("ten%", "ten is not a percentage; write a number from 0% to 1000% followed by %, e.g. 10%")]
    public void LoadText_HeadroomOutOfRange_SaysTheRange(string headroom, string expected)
    {
        var yaml = PolicyYaml.Policy(spec: $"prediction: {{ model: seasonalNaive, history: 14d, season: 7d, step: 5m, headroom: \"{headroom}\" }}");

        var error = Assert.Single(PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now).Errors);

        Assert.Equal("spec.prediction.headroom", error.Path);
        Assert.Contains(expected.Replace("ten is", "\"ten%\" is", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadPaths_NamedPipe_RefusedWithoutBlocking()
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-fifo-").FullName;
        try
        {
            var fifo = Path.Combine(directory, "fifo.yaml");
            using (var mkfifo = Process.Start("mkfifo", fifo))
            {
                await mkfifo.WaitForExitAsync();
            }

            foreach (var path in new[] { fifo, directory })
            {
                var result = await Task.Run(() => PolicyLoader.LoadPaths([path], TestPaths.Now)).WaitAsync(TimeSpan.FromSeconds(10));

                var error = Assert.Single(result.Errors);
                Assert.Equal($"{fifo}: is a named pipe (FIFO), not a regular file", error.ToString());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task LoadPaths_CharacterDevice_RefusedWithoutReadingForever()
    {
        var result = await Task.Run(() => PolicyLoader.LoadPaths(["/dev/zero"], TestPaths.Now)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("is a character device, not a regular file", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
    }
}
