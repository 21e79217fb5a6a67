using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.State;

/// <summary>State is never lost silently: a bad part costs only itself, the document as it was is kept aside, and the loss is reported.</summary>
public class StateLossTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly (string, string)[] TwoPolicies = [("a.yaml", DaemonPolicyYaml.Policy("a")), ("b.yaml", DaemonPolicyYaml.Policy("b"))];

    [Fact]
    public async Task Load_OneWrongTypedFieldInOnePolicysMemory_DropsOnlyThatMemory_AndKeepsEveryPolicysIntent()
    {
        using var directory = new TempDirectory();
        await WriteStateWithPausesAsync(directory);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(directory.File("state.json")))!;
        document["policies"]!["b"]!["engine"]!["lastWritten"] = "nine";
        await File.WriteAllTextAsync(directory.File("state.json"), document.ToJsonString());

        await using var daemon = DaemonHarness.Create(TwoPolicies, directory: directory, start: DaemonHarness.Start + TimeSpan.FromMinutes(1));
        daemon.SetLoad("a", 200);
        daemon.SetLoad("b", 200);
        await daemon.TickAsync();

        var book = daemon.Services.GetRequiredService<OperatorIntentBook>();
        Assert.NotNull(book.For("a").Pause);
        Assert.NotNull(book.For("b").Pause); // the pause of the policy whose memory was bad is kept too
        Assert.Equal(2, book.Audit(null).Count);
        var state = daemon.Services.GetRequiredService<StateKeeper>();
        Assert.NotNull(state.Loss);
        Assert.Contains(state.Loss!.Problems, p => p.Contains("policy \"b\"", StringComparison.Ordinal) || p.Contains("policy b", StringComparison.Ordinal));
        Assert.DoesNotContain(state.Loss.Problems, p => p.Contains("policy \"a\"", StringComparison.Ordinal) || p.Contains("policy a:", StringComparison.Ordinal));
        var copy = Assert.Single(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
        Assert.Contains("\"nine\"", await File.ReadAllTextAsync(copy), StringComparison.Ordinal);
        Assert.Empty(daemon.Readiness.Problems());
        Assert.Contains(daemon.Readiness.Warnings(), w => w.Contains(copy, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bitflip")]
    public async Task Load_DamagedDocument_KeepsTheCopyAside_WarnsAndNeverScalesDown(string damage)
    {
        using var directory = new TempDirectory();
        await WriteStateWithPausesAsync(directory);
        var bytes = await File.ReadAllBytesAsync(directory.File("state.json"));
        // The bit flipped is in a member name of the engine memory ("paused" becomes "`aused"): a flip inside a number
        // can leave a valid document no reader could tell from the original.
        var damaged = damage == "truncated" ? bytes[..(bytes.Length / 2)] : Flip(bytes, System.Text.Encoding.UTF8.GetString(bytes).IndexOf("\"paused\"", StringComparison.Ordinal) + 1);
        await File.WriteAllBytesAsync(directory.File("state.json"), damaged);
        var targets = new RecordingTargetProvider(initialReplicas: 9);

        await using var daemon = DaemonHarness.Create(TwoPolicies, directory: directory, targets: targets, start: DaemonHarness.Start + TimeSpan.FromMinutes(1));
        daemon.SetLoad("a", 100);
        daemon.SetLoad("b", 100);
        for (var i = 0; i < 4; i++)
        {
            await daemon.AdvanceAndTickAsync(Interval);
        }

        var copy = Assert.Single(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
        Assert.Equal(damaged, await File.ReadAllBytesAsync(copy));
        Assert.Contains(daemon.Readiness.Warnings(), w => w.Contains("state partly lost", StringComparison.Ordinal) && w.Contains(copy, StringComparison.Ordinal));
        Assert.True(targets["a"].Replicas >= 9 || targets["a"].Writes.Count == 0, "no scale-down from lost stabilization memory");
    }

    [Fact]
    public async Task Store_WritesFail_ReadinessSaysSo_AndRecoversWhenTheyWorkAgain()
    {
        var store = new ScriptedStateStore();
        await using var daemon = DaemonHarness.Create(TwoPolicies, replace: s => s.AddSingleton<Core.Ports.IStateStore>(store));
        daemon.SetLoad("a", 900);
        daemon.SetLoad("b", 900);
        store.FailWrites = true;

        await daemon.TickAsync();

        Assert.Contains(daemon.Readiness.Problems(), p => p.Contains("state store writes failing", StringComparison.Ordinal) && p.Contains("disk full", StringComparison.Ordinal));
        store.FailWrites = false;
        await daemon.AdvanceAndTickAsync(Interval);
        Assert.DoesNotContain(daemon.Readiness.Problems(), p => p.Contains("state store", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_Unreadable_NoTargetIsWrittenUntilItIsRead_ThenTheStoredPauseHolds()
    {
        using var directory = new TempDirectory();
        await WriteStateWithPausesAsync(directory);
        var store = new ScriptedStateStore(await File.ReadAllTextAsync(directory.File("state.json"))) { FailReads = 2 };
        await using var daemon = DaemonHarness.Create(TwoPolicies, replace: s => s.AddSingleton<Core.Ports.IStateStore>(store), start: DaemonHarness.Start + TimeSpan.FromMinutes(1));
        daemon.SetLoad("a", 900);
        daemon.SetLoad("b", 900);

        var first = await daemon.TickAsync();
        Assert.All(first, r => Assert.Equal("stateNotLoaded", r.Write));
        Assert.Contains(daemon.Readiness.Problems(), p => p.Contains("state store cannot be read", StringComparison.Ordinal));
        Assert.Empty(store.Written);

        await daemon.AdvanceAndTickAsync(Interval); // second failed read
        var reports = await daemon.AdvanceAndTickAsync(Interval);

        Assert.All(reports, r => Assert.Equal(DecisionAction.None, r.Decision!.Action)); // the stored pauses hold
        Assert.Empty(daemon.Targets["a"].Writes);
        Assert.DoesNotContain(daemon.Readiness.Problems(), p => p.Contains("state store", StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_AnyTruncationOrBitFlip_NeverThrows_AndEveryDropIsNamed()
    {
        var text = """
            {"schema":1,"policies":{"a":{"engine":{"recommendations":[{"timestamp":"2026-11-25T12:00:00Z","replicas":4}],"scaleEvents":[],"prewarmBaselines":[],"lastWritten":4,"paused":false},"updatedAt":"2026-11-25T12:00:00Z"}},
             "intent":{"policies":{"a":{"overrides":[],"pause":{"owner":"oncall","reason":"sale","setAt":"2026-11-25T12:00:00Z","expiresAt":"2026-11-26T12:00:00Z"},"prewarms":[]}},"audit":[]}}
            """;
        var clean = new List<string>();
        Assert.Single(StateDocumentReader.Read(text, clean).Policies);
        Assert.Empty(clean);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var candidate in new[] { text[..i], System.Text.Encoding.UTF8.GetString(Flip(bytes, i)) })
            {
                var problems = new List<string>();
                var document = StateDocumentReader.Read(candidate, problems);
                var kept = document.Policies.ContainsKey("a") && document.Intent?.Policies.GetValueOrDefault("a")?.Pause is not null;
                var keyRenamed = candidate.Split("\"a\"").Length < 3; // a renamed policy is data, not a loss
                Assert.True(kept || keyRenamed || problems.Count > 0, $"dropped without a word at {i}: {candidate}");
            }
        }
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    // A daemon that paused both policies (through the operator intent book, persisted as the API does) and stopped.
    private static async Task WriteStateWithPausesAsync(TempDirectory directory)
    {
        await using var first = DaemonHarness.Create(TwoPolicies, directory: directory);
        first.SetLoad("a", 200);
        first.SetLoad("b", 200);
        await first.TickAsync();
        var book = first.Services.GetRequiredService<OperatorIntentBook>();
        foreach (var name in new[] { "a", "b" })
        {
            var commit = await book.ChangeAsync(name, "oncall", (intent, now) => new IntentEdit(
                intent with { Pause = new PauseRecord("oncall", "sale", now, now + TimeSpan.FromDays(1)) },
                new AuditDraft("pause", null, "sale", null, null)), CancellationToken.None);
            Assert.True(commit.Persisted, commit.Problem);
        }
    }
}
