using PromoScaler.Cli.Demo;
using PromoScaler.Cli.Tests.Infrastructure;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Tests.Demo;

public sealed class DemoPoliciesTests
{
    private static readonly DateTimeOffset PrewarmStart = new(2026, 12, 1, 15, 10, 0, TimeSpan.Zero);

    [Fact]
    public void Policies_OneFilePerWorkload_EachReadingItsWorkloadsQuery()
    {
        var policies = DemoSession.Policies(PrewarmStart);

        Assert.Equal(DemoWorkloads.All.Select(w => w.Policy + ".yaml").Order(StringComparer.Ordinal), policies.Keys.Order(StringComparer.Ordinal));
        foreach (var workload in DemoWorkloads.All)
        {
            var text = policies[workload.Policy + ".yaml"];
            Assert.Contains($"query: {workload.Query}", text, StringComparison.Ordinal);
            Assert.Contains($"kind: {workload.Kind}, namespace: {DemoWorkloads.Namespace}, name: {workload.Name}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Policies_AreValid_AndThePrewarmStartsWhereItWasPlaced()
    {
        using var directory = new TempDirectory();
        foreach (var (name, text) in DemoSession.Policies(PrewarmStart))
        {
            directory.Write(name, text);
        }

        var (exitCode, lines) = CliRunner.Run(PrewarmStart - TimeSpan.FromMinutes(10), "validate", directory.Path);

        Assert.True(exitCode == 0, string.Join('\n', lines));
        Assert.Contains("valid: 3 policies, 0 errors, 0 warnings", lines);
        Assert.Contains(lines, l => l.Contains("prewarm launch: 2026-12-01 15:05 ..", StringComparison.Ordinal));
        Assert.DoesNotContain(DemoConstants.PrewarmStartPlaceholder, DemoSession.Policies(PrewarmStart)[DemoWorkloads.PrewarmPolicy + ".yaml"], StringComparison.Ordinal);
        Assert.Contains($"start: {Instant.Format(PrewarmStart)}", DemoSession.Policies(PrewarmStart)[DemoWorkloads.PrewarmPolicy + ".yaml"], StringComparison.Ordinal);
    }
}
