using System.Text.RegularExpressions;

namespace PromoScaler.Cli.Tests.Packaging;

/// <summary>
/// What can be checked of the Dockerfile without a Docker engine: what it copies exists, the executable its
/// ENTRYPOINT names is what publishing the CLI produces and it starts, and the user, port and policy directory
/// agree with the chart.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = ToolPackageTests.Root();

    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));

    [Fact]
    public void Copy_EverySourceFromTheContext_Exists()
    {
        var sources = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"COPY {source}: not in the repository"));
    }

    [Fact]
    public void Entrypoint_ThePublishedExecutable_StartsAndPrintsItsVersion()
    {
        var publish = Lines.Single(l => l.Contains("dotnet publish ", StringComparison.Ordinal));
        var project = Regex.Match(publish, @"dotnet publish (\S+)").Groups[1].Value;
        var entrypoint = Regex.Match(Lines.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)), "\"/app/([^\"]+)\"").Groups[1].Value;
        Assert.Contains($"<AssemblyName>{entrypoint}</AssemblyName>", File.ReadAllText(Path.Combine(Root, project)), StringComparison.Ordinal);
        var output = Directory.CreateTempSubdirectory("promoscaler-publish-").FullName;
        try
        {
            // The build that runs these tests built the project; publish copies that output as the image's stage does.
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            ToolPackageTests.Run(Root, "dotnet", "publish", Path.Combine(Root, project), "-c", configuration, "--no-build", "-o", output, "--nologo");

            var version = ToolPackageTests.Run(Root, Path.Combine(output, entrypoint), "--version");

            Assert.Matches(@"^\d+\.\d+\.\d+", version.Trim());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void UserPortAndPolicies_AgreeWithTheChart()
    {
        var values = File.ReadAllText(Path.Combine(Root, "charts", "promoscaler", "values.yaml"));
        var deployment = File.ReadAllText(Path.Combine(Root, "charts", "promoscaler", "templates", "deployment.yaml"));

        Assert.Contains("USER 65532:65532", Lines);
        Assert.Contains("  runAsUser: 65532", values, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 9464", Lines);
        Assert.Contains("  port: 9464", values, StringComparison.Ordinal);
        Assert.Contains("\"/etc/promoscaler/policies\"", Lines.Single(l => l.StartsWith("CMD", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("mountPath: /etc/promoscaler/policies", deployment, StringComparison.Ordinal);
    }
}
