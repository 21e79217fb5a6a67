using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Explanation;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine.Explanation;

public sealed class ExplanationTextTests
{
    public static TheoryData<ReasonCode> AllCodes => [.. Enum.GetValues<ReasonCode>()];

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Describe_EveryCode_HasItsOwnSentenceWithTheNumbers(ReasonCode code)
    {
        var step = new ExplanationStep(DecisionStage.Guardrails, code, "rps", 1.5, 3, 4, 0.5);

        var text = ExplanationText.Describe(step);

        Assert.NotEqual(code.ToCode() + ".", text);
        Assert.DoesNotContain("?", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Decision_OneLinePerStepWithCodes()
    {
        var now = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        var decision = new EngineRun(new PolicyBuilder().Build(), 4, now).Tick(1234);

        var lines = ExplanationText.Describe(decision).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(decision.Explanation.Count, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("2. [reactiveProposal] Metric rps = 1234 proposes 13 replicas", StringComparison.Ordinal));
    }
}
