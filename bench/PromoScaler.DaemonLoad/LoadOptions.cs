using System.Globalization;
using PromoScaler.Core.Policies;

namespace PromoScaler.DaemonLoad;

/// <summary>The command line of a load run.</summary>
/// <param name="Counts">Policy counts to run, in order.</param>
/// <param name="Search">Then look for the largest count that keeps every tick within its interval.</param>
/// <param name="MaxPolicies">The search's upper bound (and the deployments the API server holds).</param>
/// <param name="Warmup">Time after every policy's first decision before measuring.</param>
/// <param name="Measure">The measured span.</param>
/// <param name="Interval">Every policy's <c>spec.interval</c>.</param>
/// <param name="Mode">The policies' sizing: <c>target</c> (targetPerReplica) or <c>calibrated</c>.</param>
/// <param name="Replicas">Daemon processes; above 1 they shard the policies (ConfigMap state, Leases).</param>
/// <param name="Shards">Shards when <paramref name="Replicas"/> is above 1 (default: as many as replicas).</param>
/// <param name="Settings">Extra daemon configuration keys (<c>--set Evaluation:MaxConcurrency=128</c>).</param>
internal sealed record LoadOptions(IReadOnlyList<int> Counts, bool Search, int MaxPolicies, TimeSpan Warmup, TimeSpan Measure, TimeSpan Interval, string Mode = "target", int Replicas = 1, int Shards = 0, IReadOnlyDictionary<string, string>? Settings = null)
{
    public const string Usage = "usage: PromoScaler.DaemonLoad [--policies N[,N...]] [--search] [--max N] [--warmup 45s] [--measure 2m] [--interval 15s] [--mode target|calibrated] [--replicas N] [--shards N] [--set Section:Key=value ...]";

    /// <summary>Whether the replicas shard the policies.</summary>
    public bool Sharded => Replicas > 1 || Shards > 1;

    /// <summary>The options, or null after writing the problem to <paramref name="errors"/>.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, TextWriter errors)
    {
        var options = new LoadOptions([100, 1000], false, 16000, TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15));
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag == "--search")
            {
                options = options with { Search = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                errors.WriteLine($"{flag}: needs a value\n{Usage}");
                return null;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--policies" when value.Split(',').Select(Count).ToList() is var counts && counts.All(c => c > 0):
                    options = options with { Counts = [.. counts.Select(c => c!.Value)] };
                    break;
                case "--max" when Count(value) is { } max:
                    options = options with { MaxPolicies = max };
                    break;
                case "--warmup" when Duration.TryParse(value, out var warmup):
                    options = options with { Warmup = warmup };
                    break;
                case "--measure" when Duration.TryParse(value, out var measure) && measure > TimeSpan.Zero:
                    options = options with { Measure = measure };
                    break;
                case "--mode" when value is "target" or "calibrated":
                    options = options with { Mode = value };
                    break;
                case "--replicas" when Count(value) is { } replicas && replicas <= 16:
                    options = options with { Replicas = replicas };
                    break;
                case "--shards" when Count(value) is { } shards && shards <= 64:
                    options = options with { Shards = shards };
                    break;
                case "--set" when value.Split('=', 2) is [{ Length: > 0 } key, var setting]:
                    options = options with { Settings = new Dictionary<string, string>(options.Settings ?? new Dictionary<string, string>()) { [key] = setting } };
                    break;
                case "--interval" when Duration.TryParse(value, out var interval) && interval >= TimeSpan.FromSeconds(1):
                    options = options with { Interval = interval };
                    break;
                default:
                    errors.WriteLine($"{flag} {value}: not understood\n{Usage}");
                    return null;
            }
        }

        return options with
        {
            MaxPolicies = Math.Max(options.MaxPolicies, options.Counts.Max()),
            Shards = options.Shards > 0 ? options.Shards : options.Replicas,
        };
    }

    private static int? Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n : null;
}
