namespace PromoScaler.Core.Sizing;

/// <summary>A signal reading the model keeps for the trailing maxima and the rises still to be measured.</summary>
public readonly record struct TimedReading(DateTimeOffset Time, double Value);

/// <summary>A decision instant whose rise is not measured yet: per hold, its load R and the count it would have asked for.</summary>
/// <param name="Time">The instant u.</param>
/// <param name="Loads">R per candidate hold at u.</param>
/// <param name="Counts">The count per candidate hold at u (its beta then).</param>
/// <param name="Added">Replicas each candidate's count added since the previous sample (its change cost).</param>
/// <param name="Window">The pre-warm window active at u (null: none).</param>
/// <param name="Occurrence">The start of that window's occurrence.</param>
public sealed record PendingRise(DateTimeOffset Time, double[] Loads, int[] Counts, int[] Added, string? Window = null, DateTimeOffset? Occurrence = null);

/// <summary>A measured rise: per candidate hold, its normalised rise, load, added replicas and whether its count covered it.</summary>
public sealed record RiseSample(DateTimeOffset Time, double[] Scores, float[] Loads, int[] Added, bool[] Covered);

/// <summary>
/// Everything a <see cref="CalibratedSizer"/> remembers, as plain values: the daemon persists it with the engine
/// state, and <see cref="CalibratedSizer.Restore"/> rebuilds a model that decides exactly as the one exported.
/// </summary>
/// <param name="Metric">The metric calibrated.</param>
/// <param name="Holds">The candidate holds (a state for other holds is not restored).</param>
/// <param name="Readings">Recent valid readings, oldest first.</param>
/// <param name="Pending">Instants whose rise is still to come, oldest first.</param>
/// <param name="Samples">The calibration window, oldest first.</param>
/// <param name="NextSample">The next instant a rise is recorded at (null: at the next valid reading).</param>
/// <param name="LastCounts">Each candidate's count at the latest recorded instant.</param>
/// <param name="Proposals">The counts proposed over the last scale-down hold (null in a state saved before it).</param>
/// <param name="WindowRises">The rises remembered from inside pre-warm windows, oldest first (null: none).</param>
/// <param name="SampleSpacing">The sample period estimate's memory (null in a state saved before it: estimated anew).</param>
public sealed record CalibrationState(
    string Metric,
    IReadOnlyList<TimeSpan> Holds,
    IReadOnlyList<TimedReading> Readings,
    IReadOnlyList<PendingRise> Pending,
    IReadOnlyList<RiseSample> Samples,
    DateTimeOffset? NextSample,
    IReadOnlyList<int> LastCounts,
    IReadOnlyList<HeldProposal>? Proposals = null,
    IReadOnlyList<WindowRise>? WindowRises = null,
    SampleSpacingState? SampleSpacing = null);
