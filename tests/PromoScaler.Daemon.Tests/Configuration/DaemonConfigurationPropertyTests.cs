using System.Text.RegularExpressions;
using CsCheck;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Configuration;

/// <summary>
/// Generated and mutated <c>--config</c> files never crash the daemon's start: each is accepted (exit 0) or every
/// problem is listed (exit 2), and each message names a position or a key.
/// </summary>
public partial class DaemonConfigurationPropertyTests
{
    private static readonly string[] Keys =
    [
        "Policies:ReloadInterval", "Evaluation:MaxConcurrency", "Evaluation:TickTimeout", "Evaluation:DryRun", "State:Kind", "State:HistoryKept",
        "LeaderElection:LeaseDuration", "LeaderElection:RenewDeadline", "LeaderElection:RetryPeriod", "Admin:Urls", "Admin:Api:AuditCapacity",
        "Kubernetes:Timeout", "Kubernetes:Retry:MaxRetries", "Cloud:CircuitBreaker:FailureRatio", "Cloud:Retry:BaseDelay", "Cloud:MaxRetries",
        "Prometheus:Sources:default:Timeout",
        "Prometheus:Sources:default:BearerTokenEnvironmentVariable", "Evaluation:MaxConcurency", "Nope:Key",
        "Policies:Source", "Policies:WatchNamespaces", "Policies:StatusInterval", "Policies:MaxStatusWritesPerRound", "Policies:AllowCrossNamespaceTargets",
        "LeaderElection:Shards", "LeaderElection:MaxReplicas", "Evaluation:SignalLag",
        "Kubernetes:TargetCache:Enabled", "Kubernetes:TargetCache:MaxAge", "Prometheus:Sources:default:QueryAlignment",
        "Admin:Api:AdvertiseUrl", "Admin:Api:ForwardTimeout", "Admin:Api:TokenFile",
    ];

    private static readonly Gen<string> Values = Gen.OneOf(
        Gen.OneOf("15s", "2m", "1h", "00:00:15", "5", "-1s", "99999999999999d", "true", "maybe", "File", "ConfigMap", "8", "0.5", "1e400", "http://127.0.0.1:0", "", "~", "'quoted'", "[a, b]", "{x: 1}"),
        Gen.String[Gen.Char["0123456789smhd:.-+ "], 0, 12],
        Gen.String[0, 20].Select(s => $"\"{s.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal)}\""));

    private static readonly Gen<string> Files = Gen.Select(Gen.OneOf(Keys).Array[0, 8], Values.Array[8], (keys, values) =>
        string.Join('\n', keys.Distinct(StringComparer.OrdinalIgnoreCase).Select((k, i) => Nested(k, values[i]))));

    /// <summary>Mutations of a valid file: a character deleted, replaced or inserted anywhere.</summary>
    private static readonly Gen<string> Mutated = Gen.Select(Files, Gen.Int[0, 1000], Gen.OneOf("", ":", "{", "}", "[", "]", "-", "\t", "'", "\"", "&a ", "*a", "!x ", "\n", "  ", "#", ",", "?"), (text, at, insert) =>
    {
        var i = text.Length == 0 ? 0 : at % text.Length;
        return text[..i] + insert + text[Math.Min(text.Length, i + (at % 2))..];
    });

    [Fact]
    public void Problems_GeneratedAndMutatedFiles_NeverThrowAndEveryMessageIsLocated()
    {
        using var directory = new TempDirectory();
        var file = directory.File("daemon.yaml");
        Gen.OneOf(Files, Mutated).Sample(
            text =>
            {
                File.WriteAllText(file, $"Policies:\n  Directory: {directory.Path}\n" + text + "\n");
                var problems = DaemonHost.ConfigurationProblems(new DaemonCommandLine(ConfigFile: file, Prometheus: new Uri("http://127.0.0.1:1")), new Dictionary<string, string?>());
                foreach (var problem in problems)
                {
                    Assert.True(Located().IsMatch(problem) || NamedKey().IsMatch(problem), $"not located: {problem}\n--- file ---\n{text}");
                    Assert.DoesNotContain("Failed to convert", problem, StringComparison.Ordinal);
                    Assert.DoesNotContain("Operation is not valid", problem, StringComparison.Ordinal);
                }
            },
            iter: 300,
            threads: 1);
    }

    private static string Nested(string key, string value)
    {
        var parts = key.Split(':');
        return string.Join('\n', parts.Select((p, depth) => new string(' ', 2 * depth) + p + ":" + (depth == parts.Length - 1 ? " " + value : "")));
    }

    /// <summary><c>file:line:col: </c>, or the environment variable or flag.</summary>
    [GeneratedRegex(@"^(.+\.yaml:\d+:\d+: |environment PROMOSCALER__|--)")]
    private static partial Regex Located();

    /// <summary>A validator's message names a key path (the generated validators' too, worded by key).</summary>
    [GeneratedRegex(@"[A-Z][A-Za-z]+(:[A-Za-z0-9]+)+")]
    private static partial Regex NamedKey();
}
