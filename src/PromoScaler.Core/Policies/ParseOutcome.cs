namespace PromoScaler.Core.Policies;

/// <summary>
/// What reading one value of the policy syntax found. Out of range is kept apart from malformed, so that
/// <c>99999999999999999999</c> is reported as too large, not as "not a number".
/// </summary>
public enum ParseOutcome
{
    /// <summary>The text is a value of the syntax and fits the type.</summary>
    Ok,

    /// <summary>The text is not written in the syntax.</summary>
    Malformed,

    /// <summary>The text is written in the syntax but the value does not fit the type (or the calendar).</summary>
    OutOfRange,
}
