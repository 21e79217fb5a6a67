using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PromoScaler.Kubernetes.Configuration;

/// <summary>How PromoScaler reaches the Kubernetes API and how its calls are bounded.</summary>
public sealed class KubernetesOptions
{
    /// <summary>
    /// A kubeconfig file. Null (default): the in-cluster service account when running in a pod, else the files in
    /// <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; null (default): its <c>current-context</c>.</summary>
    public string? Context { get; set; }

    /// <summary>Per-attempt timeout of one API call. Default 5s; 10ms..2m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:02:00")]
    public TimeSpan Timeout { get; set; } = KubernetesConstants.DefaultTimeout;

    /// <summary>Budget for one observe or write including retries and backoff; at least <see cref="Timeout"/>. Default 10s; 10ms..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = KubernetesConstants.DefaultTotalTimeout;

    /// <summary>Retry of 429, 5xx, timeouts and transport errors.</summary>
    [ValidateObjectMembers]
    public KubernetesRetryOptions Retry { get; set; } = new();

    /// <summary>The circuit breaker each target has.</summary>
    [ValidateObjectMembers]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new()
    {
        FailureRatio = KubernetesConstants.DefaultFailureRatio,
        MinimumThroughput = KubernetesConstants.DefaultMinimumThroughput,
        SamplingDuration = KubernetesConstants.DefaultSamplingDuration,
        BreakDuration = KubernetesConstants.DefaultBreakDuration,
    };

    /// <summary>Observing Deployment and StatefulSet targets from a list+watch cache instead of a GET per tick.</summary>
    [ValidateObjectMembers]
    public TargetCacheOptions TargetCache { get; set; } = new();

    /// <summary>Write a Kubernetes Event on the target for every scale. Default true.</summary>
    public bool RecordEvents { get; set; } = true;

    /// <summary>The component named in Events. Default <c>promoscaler</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public string EventComponent { get; set; } = KubernetesConstants.DefaultEventComponent;

    /// <summary>The instance named in Events (<c>reportingInstance</c>); null (default): the host name (the pod's name in a cluster).</summary>
    public string? EventInstance { get; set; }
}

/// <summary>
/// The shared retry (<see cref="RetryOptions"/>, here 3 retries from 200ms) plus one Kubernetes setting: a 429's
/// <c>Retry-After</c> is waited when longer.
/// </summary>
public sealed class KubernetesRetryOptions : RetryOptions
{
    /// <summary>Kubernetes' defaults.</summary>
    public KubernetesRetryOptions()
    {
        MaxRetries = KubernetesConstants.DefaultMaxRetries;
        BaseDelay = KubernetesConstants.DefaultRetryBaseDelay;
    }

    /// <summary>The longest <c>Retry-After</c> obeyed; 0 ignores the header. Default 5s; 0..5m.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; set; } = KubernetesConstants.DefaultMaxRetryAfter;
}

/// <summary>
/// The watch cache of Deployment and StatefulSet targets: each namespace's objects of a kind are listed once and
/// watched, and a tick observes its target from there; the write stays the conditional PATCH on <c>/scale</c>.
/// </summary>
public sealed class TargetCacheOptions
{
    /// <summary>Observe from the cache. Default false (see docs/kubernetes.md, "Target watch cache").</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The oldest the cache may be: older than this since the watch last proved it current (the list, an event, a
    /// bookmark, a watch that ended on time), or while the watch is down, a tick reads the object with a GET. Each
    /// watch request lasts a third of it. Default 30s; 3s..10m.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan MaxAge { get; set; } = KubernetesConstants.DefaultTargetCacheMaxAge;
}
