namespace PromoScaler.Core.Engine;

/// <summary>A raw desired count that entered the stabilization history (HPA <c>timestampedRecommendation</c>).</summary>
public readonly record struct TimestampedRecommendation(DateTimeOffset Timestamp, int Replicas);

/// <summary>A change actually written to the target (HPA <c>timestampedScaleEvent</c>): +n added or -n removed.</summary>
public readonly record struct ScaleEvent(DateTimeOffset Timestamp, int Change);

/// <summary>The baseline a <c>multiplier</c> pre-warm occurrence fixed at its first evaluation at or after start - lead.</summary>
/// <param name="Window">The pre-warm's name.</param>
/// <param name="OccurrenceStart">The occurrence's start (identifies one cron occurrence).</param>
/// <param name="Baseline">The <c>current</c> seen then.</param>
/// <param name="Unknown">
/// The state was lost while the occurrence was active, so the baseline can never be known: the floor is
/// <c>current</c> (<c>prewarmBaselineUnknown</c>) until the occurrence ends. Default false.
/// </param>
public readonly record struct PrewarmBaseline(string Window, DateTimeOffset OccurrenceStart, int Baseline, bool Unknown = false);

/// <summary>
/// What the engine remembers between decisions. A plain serialisable value: the caller keeps it (memory, file,
/// ConfigMap) and hands it back next time. Losing it is safe: the next decision re-seeds it.
/// </summary>
/// <param name="Recommendations">
/// Raw desired counts that can still change a stabilized count (inside the longest stabilization window and not
/// dominated by a more recent one), oldest first.
/// </param>
/// <param name="ScaleEvents">Writes the step policies count (HPA: outdated ones are reused in place).</param>
/// <param name="PrewarmBaselines">Baselines of active multiplier pre-warms.</param>
/// <param name="LastWritten">
/// The count the target was last known to be asked for: the count written by the last Scale decision, else the spec
/// count that decision saw (so an outside change is reported once). Null before the first decision.
/// </param>
/// <param name="Paused">The previous decision was paused (or targetScaledToZero), so the next unpaused one re-seeds.</param>
/// <param name="ZeroWritten">
/// PromoScaler itself wrote 0 (an operator's pin below minReplicas) and the target is still at 0: the zero ends with
/// the pin, it is not a target scaled to zero outside PromoScaler. Default false (an older state reads as "not ours",
/// the safe side).
/// </param>
/// <param name="ZeroObservedAt">
/// When the target was first seen at 0 set outside PromoScaler (<c>targetScaledToZero</c>); an operator's resume at or
/// after this instant wakes it. Null while the target is not at such a zero.
/// </param>
public sealed record EngineState(
    IReadOnlyList<TimestampedRecommendation> Recommendations,
    IReadOnlyList<ScaleEvent> ScaleEvents,
    IReadOnlyList<PrewarmBaseline> PrewarmBaselines,
    int? LastWritten,
    bool Paused,
    bool ZeroWritten = false,
    DateTimeOffset? ZeroObservedAt = null)
{
    // The lists are held as EquatableList so the compiler's equality compares every field by value: the daemon
    // flushes its memory when a decision's state is not equal to the last, and a field left out of a hand-written
    // comparison would never be flushed.
    private readonly EquatableList<TimestampedRecommendation>? _recommendations = EquatableList.Of(Recommendations);
    private readonly EquatableList<ScaleEvent>? _scaleEvents = EquatableList.Of(ScaleEvents);
    private readonly EquatableList<PrewarmBaseline>? _prewarmBaselines = EquatableList.Of(PrewarmBaselines);

    // Null only when a stored document said null; the state reader reports it and never hands it to the engine.
    public IReadOnlyList<TimestampedRecommendation> Recommendations { get => _recommendations!; init => _recommendations = EquatableList.Of(value); }

    public IReadOnlyList<ScaleEvent> ScaleEvents { get => _scaleEvents!; init => _scaleEvents = EquatableList.Of(value); }

    public IReadOnlyList<PrewarmBaseline> PrewarmBaselines { get => _prewarmBaselines!; init => _prewarmBaselines = EquatableList.Of(value); }

    /// <summary>No memory: first start or lost store.</summary>
    public static EngineState Empty { get; } = new([], [], [], null, false);

    /// <summary>True when nothing is remembered, so the stabilization history must be seeded.</summary>
    public bool IsEmpty => Recommendations.Count == 0 && LastWritten is null;
}
