namespace PromoScaler.Resilience;

/// <summary>
/// The rule of the resilience options that data annotations cannot express, shared by the adapters' validators:
/// one attempt must fit in a call's budget. The ranges of <see cref="RetryOptions"/> and
/// <see cref="CircuitBreakerOptions"/> are their attributes, checked by each adapter's generated validator
/// (<c>[ValidateObjectMembers]</c>) and worded by key by <see cref="ConfigurationKeyValidator{TOptions}"/>.
/// </summary>
public static class ResilienceValidation
{
    /// <summary>The problem of a call budget that cannot hold one attempt, or null.</summary>
    public static string? TotalTimeoutProblem(string path, TimeSpan timeout, TimeSpan totalTimeout) =>
        totalTimeout < timeout ? $"{path}:TotalTimeout: {totalTimeout} is shorter than the per-attempt Timeout {timeout}." : null;
}
