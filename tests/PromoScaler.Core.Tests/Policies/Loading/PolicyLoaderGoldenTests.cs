using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>
/// Each <c>Policies/bad/&lt;case&gt;.yaml</c> must produce exactly the lines of <c>&lt;case&gt;.expected</c>. File names in
/// the golden lines are relative to the fixture folder: the loader reports a file under the name it was given,
/// as <c>promoscaler validate &lt;case&gt;.yaml</c> run from that folder does.
/// </summary>
public sealed class PolicyLoaderGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Bad, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LoadText_BadFixture_ReportsExactlyTheGoldenLines(string name)
    {
        var content = File.ReadAllText(Path.Combine(TestPaths.Bad, name + ".yaml"));
        var expected = File.ReadAllLines(Path.Combine(TestPaths.Bad, name + ".expected"));

        var result = PolicyLoader.LoadText(name + ".yaml", content, TestPaths.Now);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Policies);
        Assert.Equal(expected, result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void BadFixtures_CoverEveryClassTheSpecNames()
    {
        string[] classes =
        [
            "unknown-field", "duplicate-key", "wrong-type", "bad-duration", "bare-number-percentage", "bad-cron",
            "cron-both-day-fields", "bad-time-zone", "min-greater-than-max", "duplicate-names", "two-policies-one-target",
            "missing-required-field", "yaml-syntax-error",
        ];

        var present = Directory.GetFiles(TestPaths.Bad, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();

        Assert.All(classes, c => Assert.Contains(c, present));
        Assert.All(present, c => Assert.True(File.Exists(Path.Combine(TestPaths.Bad, c + ".expected")), c));
    }
}
