using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Resilience;

/// <summary>
/// The one validator of the resilience options, used by each adapter's options validator with its configuration
/// path. Messages read <c>path:Field: problem</c>, the form the adapters have always printed.
/// </summary>
public static class ResilienceValidation
{
    /// <summary>Adds the problems of <paramref name="retry"/>, <paramref name="breaker"/> and of a total timeout shorter than one attempt.</summary>
    public static void Validate(string path, TimeSpan timeout, TimeSpan totalTimeout, RetryOptions retry, CircuitBreakerOptions breaker, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Annotations(retry, path + ":Retry", errors);
        Annotations(breaker, path + ":CircuitBreaker", errors);
        if (TotalTimeoutProblem(path, timeout, totalTimeout) is { } problem)
        {
            errors.Add(problem);
        }
    }

    /// <summary>The problem of a call budget that cannot hold one attempt, or null.</summary>
    public static string? TotalTimeoutProblem(string path, TimeSpan timeout, TimeSpan totalTimeout) =>
        totalTimeout < timeout ? $"{path}:TotalTimeout: {totalTimeout} is shorter than the per-attempt Timeout {timeout}." : null;

    /// <summary>
    /// Adds the data annotation problems of one options object, each as <c>path:Member: message</c>. Hand-walked
    /// (not <c>ValidateDataAnnotations</c>) because the stock validator neither descends into nested objects nor
    /// names the configuration path.
    /// </summary>
    /// <remarks>
    /// Why not a source-generated <c>[OptionsValidator]</c> with <c>[ValidateObjectMembers]</c>: its failures read
    /// <c>Member: The field Type.Member must be ...</c> (the display name is the type's or the options name's, joined
    /// with a dot), while users and tests know <c>Kubernetes:Retry:MaxRetries: The field MaxRetries must be ...</c>;
    /// the messages would change, and the Prometheus sources sit in a dictionary the generator does not descend into.
    /// </remarks>
    public static void Annotations(object instance, string path, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(errors);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            foreach (var r in results)
            {
                errors.Add($"{path}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}");
            }
        }
    }
}
