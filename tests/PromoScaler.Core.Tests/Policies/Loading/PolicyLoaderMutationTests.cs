using System.Diagnostics;
using System.Text;
using CsCheck;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>
/// The loader is total: for any text, and for every small corruption of every shipped example, it returns (never
/// throws), and a failed load carries an error with a line of at least 1. The hang guard is far above a normal
/// load's time: it fails a run that hangs, it does not measure speed.
/// </summary>
public sealed class PolicyLoaderMutationTests
{
    /// <summary>Any single load slower than this is a hang (a normal one takes well under a millisecond).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(5);

    /// <summary>Characters that mean something to YAML or to the policy syntax, substituted at every position.</summary>
    private const string Substitutes = ":-[{\"'#&*!|>\t\n\0%9x";

    public static TheoryData<string> Examples() => [.. Directory.GetFiles(TestPaths.Examples, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public void LoadText_EveryTruncationDeletionAndDuplication_ReturnsAndPositionsEveryError(string example)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, example));
        for (var i = 0; i <= text.Length; i++)
        {
            AssertTotal(text[..i]);
            if (i < text.Length)
            {
                AssertTotal(text.Remove(i, 1));
                AssertTotal(text.Insert(i, text[i].ToString()));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void LoadText_EverySubstitutionAtASampledPosition_ReturnsAndPositionsEveryError(string example)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, example));
        // Every position with one substitute each (rotating through the set), plus the whole set at sampled positions.
        for (var i = 0; i < text.Length; i++)
        {
            AssertTotal(Substitute(text, i, Substitutes[i % Substitutes.Length]));
        }

        Gen.Select(Gen.Int[0, text.Length - 1], Gen.Char[Substitutes]).Sample((i, c) => AssertTotal(Substitute(text, i, c)), iter: 500);
    }

    [Fact]
    public void LoadText_GeneratedYaml_ReturnsAndPositionsEveryError()
    {
        var token = Gen.OneOf(
            Gen.Const("\n"), Gen.Const("  "), Gen.Const("\t"), Gen.Const("- "), Gen.Const(": "), Gen.Const("["), Gen.Const("]"),
            Gen.Const("{"), Gen.Const("}"), Gen.Const(", "), Gen.Const("&a "), Gen.Const("*a"), Gen.Const("---\n"), Gen.Const("..."),
            Gen.Const("\r\n"), Gen.Const("\uFEFF"), Gen.Const("'"), Gen.Const("\""), Gen.Const("? "), Gen.Const("!!str "), Gen.Const("%YAML 1.2\n"),
            Gen.Const("apiVersion"), Gen.Const("spec"), Gen.Const("metrics"), Gen.Const("15s"), Gen.Const("99999999999999999999"),
            Gen.String[Gen.Char.AlphaNumeric, 0, 8], Gen.Char.Select(c => c.ToString()));
        var document = token.Array[0, 200].Select(string.Concat);

        document.Sample(text => AssertTotal(text), iter: 3000);
    }

    [Fact]
    public void LoadText_GeneratedCorruptionsOfAValidPolicy_ReturnsAndPositionsEveryError()
    {
        var valid = PolicyYaml.Policy();
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 20], Gen.String[Gen.Char, 0, 6])
            .Sample((at, cut, insert) => AssertTotal(valid[..at] + insert + valid[Math.Min(valid.Length, at + cut)..]), iter: 3000);
    }

    [Theory]
    [InlineData("[", 100_000)]
    [InlineData("{", 100_000)]
    [InlineData("- ", 20_000)]
    [InlineData("a:\n ", 10_000)]
    public void LoadText_DeepNesting_Refused(string opener, int repeat) =>
        AssertRefused(string.Concat(Enumerable.Repeat(opener, repeat)));

    [Fact]
    public void LoadText_HugeScalarsTabsAndLineEndings_Refused()
    {
        AssertRefused("a: " + new string('x', PolicyLimits.MaxScalarLength + 1));
        AssertRefused("a: \"" + new string('x', 200_000));
        AssertRefused(PolicyYaml.Policy().Replace("  ", "\t", StringComparison.Ordinal));
        AssertTotal(PolicyYaml.Policy().Replace("\n", "\r\n", StringComparison.Ordinal));
        AssertTotal("\uFEFF" + PolicyYaml.Policy());
        AssertTotal(PolicyYaml.Policy().Replace("\n", "\r", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadPaths_BytesThatAreNotUtf8_ErrorAtTheirLine()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("promoscaler-load-").FullName, "latin1.yaml");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(PolicyYaml.Policy()).ToList();
            var at = PolicyYaml.Policy().IndexOf("ScalingPolicy", StringComparison.Ordinal); // ASCII up to here: chars are bytes
            bytes.Insert(at, 0xE9); // é in Latin-1, invalid alone in UTF-8
            File.WriteAllBytes(file, [.. bytes]);
            var line = 1 + bytes.Take(at).Count(b => b == '\n');

            var result = PolicyLoader.LoadPaths([file], TestPaths.Now);

            var error = Assert.Single(result.Errors);
            Assert.Equal(line, error.Location.Line);
            Assert.Contains("is not UTF-8 text", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void LoadPaths_GeneratedBytes_ReturnsAndPositionsEveryError()
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-load-").FullName;
        try
        {
            var valid = Encoding.UTF8.GetBytes(PolicyYaml.Policy());
            Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte.Array[1, 4]).Sample(
                (at, insert) =>
                {
                    var file = Path.Combine(directory, $"{Guid.NewGuid():N}.yaml"); // samples run in parallel
                    File.WriteAllBytes(file, [.. valid.Take(at), .. insert, .. valid.Skip(at)]);
                    AssertLoad(() => PolicyLoader.LoadPaths([file], TestPaths.Now), "bytes at " + at);
                },
                iter: 500);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Substitute(string text, int i, char c) => string.Concat(text.AsSpan(0, i), c.ToString(), text.AsSpan(i + 1));

    private static void AssertRefused(string text)
    {
        var result = AssertTotal(text);
        Assert.False(result.Succeeded);
    }

    private static PolicyLoadResult AssertTotal(string text) => AssertLoad(() => PolicyLoader.LoadText("p.yaml", text, TestPaths.Now), text);

    private static PolicyLoadResult AssertLoad(Func<PolicyLoadResult> load, string input)
    {
        var clock = Stopwatch.StartNew();
        var result = load();
        Assert.True(clock.Elapsed < HangGuard, $"a load took {clock.Elapsed} for {Shown(input)}");
        if (!result.Succeeded)
        {
            Assert.All(result.Errors, e => Assert.True(e.Location.Line >= 1, $"{e} has no line, for {Shown(input)}"));
        }

        return result;
    }

    private static string Shown(string input) => input.Length <= 200 ? input : input[..200] + "...";
}
