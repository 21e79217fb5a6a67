using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.State;

namespace PromoScaler.Daemon.Tests.State;

/// <summary>What ends a zero outlives a restart: the engine's memory of a 0 it wrote or saw, and the last resume.</summary>
public sealed class ZeroMemoryDocumentTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Document_WithZeroMemoryAndAResume_ReadsBackTheSame()
    {
        var engine = EngineState.Empty with { LastWritten = 0, ZeroWritten = true, ZeroObservedAt = At };
        var intent = new IntentSnapshot(
            new Dictionary<string, PolicyIntent>(StringComparer.Ordinal) { ["checkout"] = PolicyIntent.None with { ResumedAt = At.AddMinutes(1) } },
            []);
        var document = new StateDocument(StateDocument.CurrentSchema,
            new Dictionary<string, PolicyStateEntry>(StringComparer.Ordinal) { ["checkout"] = new(engine, At) }, intent);
        var problems = new List<string>();

        var read = StateDocumentSerializer.Deserialize(StateDocumentSerializer.Serialize(document), problems);

        Assert.Empty(problems);
        Assert.True(read.Policies["checkout"].Engine.ZeroWritten);
        Assert.Equal(At, read.Policies["checkout"].Engine.ZeroObservedAt);
        Assert.Equal(At.AddMinutes(1), read.Intent!.Policies["checkout"].ResumedAt);
    }

    [Fact]
    public void Document_OfAnOlderVersion_ReadsWithoutZeroMemory()
    {
        const string older = """
            {"schema":1,"policies":{"checkout":{"engine":{"recommendations":[],"scaleEvents":[],"prewarmBaselines":[],"lastWritten":0,"paused":true},"updatedAt":"2026-11-25T12:00:00+00:00"}},
             "intent":{"policies":{"checkout":{"overrides":[],"pause":null,"prewarms":[]}},"audit":[]}}
            """;
        var problems = new List<string>();

        var read = StateDocumentSerializer.Deserialize(older, problems);

        Assert.Empty(problems);
        Assert.False(read.Policies["checkout"].Engine.ZeroWritten);
        Assert.Null(read.Policies["checkout"].Engine.ZeroObservedAt);
        Assert.Null(read.Intent!.Policies["checkout"].ResumedAt);
    }
}
