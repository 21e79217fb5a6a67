using PromoScaler.Core.Engine;

namespace PromoScaler.Core.Tests.Engine.Explanation;

public sealed class ReasonVocabularyTests
{
    // The first cell of each table row of docs/reasons.md: the code or codes it documents.
    private static readonly string[] DocumentedCells = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "docs", "reasons.md"))
        .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
        .Select(line => line.Split('|')[1])
        .ToArray();

    public static TheoryData<ReasonCode> Codes() => new(Enum.GetValues<ReasonCode>());

    [Theory]
    [MemberData(nameof(Codes))]
    public void ReasonsDoc_EveryCode_IsDocumentedInATableRow(ReasonCode code)
    {
        // Users build dashboards and alerts on these codes: each must be documented where the README points.
        Assert.Contains(DocumentedCells, cell => cell.Contains($"`{code.ToCode()}`", StringComparison.Ordinal));
    }

    [Fact]
    public void ToCode_EveryCode_IsDistinctCamelCase()
    {
        var codes = Enum.GetValues<ReasonCode>().Select(c => c.ToCode()).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.True(char.IsLower(c[0]) && c.All(char.IsLetter), c));
    }
}
