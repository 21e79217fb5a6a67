using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Backtest.Tests.Equivalence;

/// <summary>
/// Pins the decision engine's behaviour on a real run: the shipped NASA launch example replayed over the whole NASA
/// trace (the policy, then its HPA baseline) must produce exactly the decisions, explanations and states recorded in
/// the golden file. The golden holds the SHA-256 of every decision rendered by <see cref="DecisionRendering"/>, their
/// count, and a sample of rendered decisions (by index) that shows where a change starts.
/// </summary>
public class NasaLaunchEquivalenceTests
{
    private const string GoldenName = "nasa-launch.decisions.golden.txt";
    private static readonly DateTimeOffset LaunchDay = new(1995, 7, 13, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Replay_NasaLaunchExample_EveryDecisionAsRecordedInTheGolden()
    {
        var golden = Golden.Parse(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Equivalence", GoldenName)));
        var actual = Replay(golden.Sample.Keys);

        var mismatch = golden.Sample.Where(s => actual.Sample[s.Key] != s.Value).Select(s => s.Key).ToList();
        if (mismatch.Count > 0 || actual.Sha256 != golden.Sha256 || actual.Count != golden.Count)
        {
            var proposed = Path.Combine(AppContext.BaseDirectory, GoldenName + ".actual");
            File.WriteAllLines(proposed, actual.ToLines());
            Assert.Fail($"The engine's decisions changed ({actual.Count} decisions, sha256 {actual.Sha256}; golden {golden.Count}, "
                + $"{golden.Sha256}); first differing sampled decision: {(mismatch.Count > 0 ? mismatch[0] : "none")}. This run: {proposed}");
        }
    }

    private static Golden Replay(IEnumerable<int> wanted)
    {
        var examples = Path.Combine(AppContext.BaseDirectory, "examples");
        var load = PolicyLoader.LoadPaths([Path.Combine(examples, "nasa-launch.yaml")], LaunchDay);
        Assert.True(load.Succeeded, string.Join("; ", load.Errors));
        var trace = TraceReader.Read(Path.Combine(AppContext.BaseDirectory, "traces", "nasa_http_jul1995_1min.csv"));

        var keep = new HashSet<int>(wanted);
        var sample = new SortedDictionary<int, string>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var count = 0;
        var runner = new BacktestRunner(input =>
        {
            var decision = DecisionEngine.Decide(input);
            var line = DecisionRendering.Render(input.Policy.Name, input, decision);
            hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            if (keep.Contains(count) || IsSampled(count, input))
            {
                sample[count] = line;
            }

            count++;
            return decision;
        });

        // Without the frontier the policy and its baseline run one after the other, so the order is fixed.
        runner.Run(load.Policies[0], trace, new BacktestSettings(), withFrontier: false);
        return new Golden(Convert.ToHexStringLower(hash.GetHashAndReset()), count, sample);
    }

    /// <summary>The sample a new golden keeps: a regular spread, and the launch's edges (lead and freeze start, hold end).</summary>
    private static bool IsSampled(int index, DecisionInput input) =>
        index % 2500 == 0
        || (input.Policy.Name == "nasa-launch" && (Near(input.Now, 13, 11) || Near(input.Now, 14, 41) || Near(input.Now, 15, 11)));

    private static bool Near(DateTimeOffset t, int hour, int minute)
    {
        var edge = LaunchDay + new TimeSpan(hour, minute, 0);
        return t >= edge - TimeSpan.FromMinutes(1) && t <= edge + TimeSpan.FromMinutes(1);
    }

    private sealed record Golden(string Sha256, int Count, IDictionary<int, string> Sample)
    {
        private const string Header = "# Decisions of policies/examples/nasa-launch.yaml replayed over policies/traces/nasa_http_jul1995_1min.csv "
            + "(default range, no frontier): the policy's run, then its HPA baseline. Lines: sha256, count, then sampled decisions as index<TAB>rendering.";

        public static Golden Parse(string[] lines)
        {
            string? sha = null;
            var count = -1;
            var sample = new SortedDictionary<int, string>();
            foreach (var line in lines)
            {
                if (line.StartsWith('#') || line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith("sha256 ", StringComparison.Ordinal))
                {
                    sha = line["sha256 ".Length..];
                }
                else if (line.StartsWith("count ", StringComparison.Ordinal))
                {
                    count = int.Parse(line["count ".Length..], CultureInfo.InvariantCulture);
                }
                else
                {
                    var tab = line.IndexOf('\t', StringComparison.Ordinal);
                    sample[int.Parse(line[..tab], CultureInfo.InvariantCulture)] = line[(tab + 1)..];
                }
            }

            Assert.NotNull(sha);
            Assert.True(count > 0 && sample.Count > 0, "the golden needs a count and a sample");
            return new Golden(sha, count, sample);
        }

        public IEnumerable<string> ToLines() =>
            new[] { Header, "sha256 " + Sha256, "count " + Count.ToString(CultureInfo.InvariantCulture) }
                .Concat(Sample.Select(s => s.Key.ToString(CultureInfo.InvariantCulture) + "\t" + s.Value));
    }
}
