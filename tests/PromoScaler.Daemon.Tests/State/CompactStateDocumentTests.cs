using PromoScaler.Core.Engine;
using PromoScaler.Daemon.State;

namespace PromoScaler.Daemon.Tests.State;

/// <summary>The state document's compact form: exact, smaller, and the older indented object form still read.</summary>
public sealed class CompactStateDocumentTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);

    private static EngineState Engine() => EngineState.Empty with
    {
        Recommendations = [new(At.AddSeconds(-30), 6), new(At.AddSeconds(-15).AddTicks(1), 4), new(At, 3)],
        ScaleEvents = [new(At.AddSeconds(-30), 2), new(new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(5), -1)],
        LastWritten = 6,
    };

    [Fact]
    public void Document_RoundTrip_KeepsEveryInstantToTheTick()
    {
        var document = new StateDocument(StateDocument.CurrentSchema, new Dictionary<string, PolicyStateEntry>(StringComparer.Ordinal) { ["shop/checkout"] = new(Engine(), At) });
        var problems = new List<string>();

        var read = StateDocumentSerializer.Deserialize(StateDocumentSerializer.Serialize(document), problems);

        Assert.Empty(problems);
        Assert.Equal(Engine(), read.Policies["shop/checkout"].Engine);
        Assert.Equal(At, read.Policies["shop/checkout"].UpdatedAt);
    }

    [Fact]
    public void PolicyEntry_IsCompact_PairsForTheHistory_NoIndentation_DefaultsLeftOut()
    {
        var document = new StateDocument(StateDocument.CurrentSchema, new Dictionary<string, PolicyStateEntry>(StringComparer.Ordinal) { ["shop/checkout"] = new(Engine(), At) });

        var text = StateDocumentSerializer.Serialize(document);

        Assert.Contains("\"recommendations\":[[1795607970.1234567,6],[1795607985.1234568,4],[1795608000.1234567,3]]", text, StringComparison.Ordinal);
        Assert.Contains("[-0.9999995,-1]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("zeroWritten", text, StringComparison.Ordinal);
        Assert.DoesNotContain("history", text, StringComparison.Ordinal);
        Assert.DoesNotContain("isEmpty", text, StringComparison.Ordinal);
        // Three recommendations, two scale events and the rest of one policy's memory in under 300 bytes (it was 1 KB).
        Assert.True(text.Length is > 100 and < 300, $"{text.Length} characters: {text}");
    }

    [Fact]
    public void Document_OfTheIndentedObjectForm_IsStillRead()
    {
        const string older = """
            {
              "schema": 1,
              "policies": {
                "checkout": {
                  "engine": {
                    "recommendations": [ { "timestamp": "2026-11-25T12:00:00.1234567+00:00", "replicas": 6 } ],
                    "scaleEvents": [ { "timestamp": "2026-11-25T11:59:30+00:00", "change": 2 } ],
                    "prewarmBaselines": [],
                    "lastWritten": 6,
                    "paused": false,
                    "zeroWritten": false,
                    "zeroObservedAt": null
                  },
                  "updatedAt": "2026-11-25T12:00:00+00:00",
                  "history": null,
                  "forecastGate": null
                }
              }
            }
            """;
        var problems = new List<string>();

        var read = StateDocumentSerializer.Deserialize(older, problems);

        Assert.Empty(problems);
        var engine = read.Policies["checkout"].Engine;
        Assert.Equal(new TimestampedRecommendation(At, 6), Assert.Single(engine.Recommendations));
        Assert.Equal(new ScaleEvent(At.AddTicks(-1234567).AddSeconds(-30), 2), Assert.Single(engine.ScaleEvents));
        Assert.Equal(6, engine.LastWritten);
    }
}
