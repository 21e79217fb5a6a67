using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

public sealed class PolicyLoaderExamplesTests
{
    [Fact]
    public void LoadPaths_ExamplesDirectory_LoadsEveryExampleAsOneSet()
    {
        var result = PolicyLoader.LoadPaths([TestPaths.Examples], TestPaths.Now);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var files = Directory.GetFiles(TestPaths.Examples, "*.yaml");
        Assert.Equal(files.Length, result.Policies.Count);
    }

    [Fact]
    public void LoadPaths_ExamplesDirectory_WarnsOnlyThatTheHistoricLaunchHasEnded()
    {
        var result = PolicyLoader.LoadPaths([TestPaths.Examples], TestPaths.Now);

        Assert.All(result.Warnings, w =>
        {
            Assert.EndsWith("nasa-launch.yaml", w.Location.File);
            Assert.StartsWith("this one-off window ended at 1995-07-13", w.Message);
        });
        Assert.Equal(["spec.prewarm[0].start", "spec.guardrails.freeze[0].end"], result.Warnings.Select(w => w.Path));
    }
}
