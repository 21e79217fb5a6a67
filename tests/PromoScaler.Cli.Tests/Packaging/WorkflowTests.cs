using System.Text.RegularExpressions;

namespace PromoScaler.Cli.Tests.Packaging;

/// <summary>The GitHub workflows: third-party actions pinned by commit, permissions granted per job and least.</summary>
public sealed partial class WorkflowTests
{
    public static TheoryData<string> Workflows() =>
        [.. Directory.GetFiles(Path.Combine(ToolPackageTests.Root(), ".github", "workflows"), "*.yml").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Uses_EveryAction_IsPinnedByCommitWithItsReleaseInAComment(string workflow)
    {
        var uses = File.ReadAllLines(Path.Combine(ToolPackageTests.Root(), ".github", "workflows", workflow))
            .Where(l => l.TrimStart().StartsWith("- uses:", StringComparison.Ordinal) || l.TrimStart().StartsWith("uses:", StringComparison.Ordinal))
            .ToList();

        Assert.All(uses, line => Assert.Matches(Pinned(), line));
    }

    [Fact]
    public void Release_TopLevelGrantsNothing_AndOnlyTheReleaseJobWritesContents()
    {
        var text = File.ReadAllText(Path.Combine(ToolPackageTests.Root(), ".github", "workflows", "release.yml"));

        Assert.Contains("\npermissions: {}\n", text, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(text, "contents: write"));
        Assert.Equal(2, Regex.Count(text, "packages: write"));
        Assert.Contains("dotnet pack src/PromoScaler.Cli/PromoScaler.Cli.csproj", text, StringComparison.Ordinal);
        Assert.Contains("docker build", text, StringComparison.Ordinal);
        Assert.Contains("helm package charts/promoscaler", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")]
    private static partial Regex Pinned();
}
