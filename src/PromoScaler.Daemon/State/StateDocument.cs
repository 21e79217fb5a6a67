using System.Text.Json.Serialization;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.History;
using PromoScaler.Core.Intent;

namespace PromoScaler.Daemon.State;

/// <summary>
/// The one document the daemon keeps in its <see cref="Core.Ports.IStateStore"/> (a file and a ConfigMap hold the same
/// JSON). Everything is keyed by policy name. New kinds of memory (operator overrides, pauses, runtime pre-warms,
/// decision history) are added as new members of <see cref="PolicyStateEntry"/>, so a document written by this
/// version stays readable by the next.
/// </summary>
/// <param name="Schema">The document's format version: <see cref="CurrentSchema"/>.</param>
/// <param name="Policies">Per policy, what must outlive a restart or a failover.</param>
/// <param name="Intent">What operators and pipelines asked (overrides, pauses, runtime pre-warms) and its audit log; absent when nothing was ever asked.</param>
public sealed record StateDocument(int Schema, IReadOnlyDictionary<string, PolicyStateEntry> Policies, IntentSnapshot? Intent = null)
{
    /// <summary>The format this version writes and reads.</summary>
    public const int CurrentSchema = 1;

    /// <summary>No memory at all.</summary>
    public static StateDocument Empty { get; } = new(CurrentSchema, new Dictionary<string, PolicyStateEntry>(StringComparer.Ordinal));
}

/// <summary>What the daemon remembers about one policy.</summary>
/// <param name="Engine">The engine's memory: the last decision's <see cref="Decision.State"/>.</param>
/// <param name="UpdatedAt">The decision instant that produced <paramref name="Engine"/>.</param>
/// <param name="History">The latest decisions, oldest first (only the newest keeps its explanation, to keep the document small).</param>
/// <param name="ForecastGate">The forecast gate's memory of a predicting policy (what its forecast did to decisions over <c>trust.window</c>).</param>
public sealed record PolicyStateEntry(EngineState Engine, DateTimeOffset UpdatedAt, IReadOnlyList<DecisionRecord>? History = null, ForecastGateState? ForecastGate = null);

/// <summary>System.Text.Json metadata generated at build time for the state document.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    // Not indented: with thousands of policies per shard document the indentation was about a third of it.
    WriteIndented = false,
    Converters = [typeof(RecommendationConverter), typeof(ScaleEventConverter)],
    UseStringEnumConverter = true,
    // Explanations carry NaN where a figure does not exist yet (a cold calibration); kept as "NaN", not refused.
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectNullableAnnotations = true,
    // A part missing a member the records require is unreadable, not a record with a null inside it that would
    // later stop every write of the document.
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(EngineState))]
[JsonSerializable(typeof(List<DecisionRecord>))]
[JsonSerializable(typeof(ForecastGateState))]
[JsonSerializable(typeof(PolicyIntent))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class StateDocumentJsonContext : JsonSerializerContext;
