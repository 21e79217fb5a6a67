using PromoScaler.Core.Calendar;

namespace PromoScaler.Core.Policies;

/// <summary>One entry of <c>spec.prewarm</c>: a known sale start with a replica floor around it.</summary>
/// <param name="Name">Unique within the policy.</param>
/// <param name="Start">A one-off start; exactly one of this and <paramref name="Cron"/>.</param>
/// <param name="Cron">Recurring starts.</param>
/// <param name="Lead">The floor applies from start - lead.</param>
/// <param name="Replicas">The floor; exactly one of this and <paramref name="Multiplier"/>.</param>
/// <param name="Multiplier">The floor is ceil(multiplier x baseline).</param>
/// <param name="Hold">Full floor until start + hold.</param>
/// <param name="RampDown">Then the floor falls linearly to nothing.</param>
public sealed record PrewarmWindow(
    string Name,
    DateTimeOffset? Start,
    CronSchedule? Cron,
    TimeSpan Lead,
    int? Replicas,
    double? Multiplier,
    TimeSpan Hold,
    TimeSpan RampDown);
