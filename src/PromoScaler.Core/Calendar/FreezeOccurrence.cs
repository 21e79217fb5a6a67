using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Calendar;

/// <summary>One occurrence of a freeze window: no scale-down on [From, Until).</summary>
public readonly record struct FreezeOccurrence(FreezeWindow Window, DateTimeOffset From, DateTimeOffset Until)
{
    public bool IsActiveAt(DateTimeOffset t) => t >= From && t < Until;
}
