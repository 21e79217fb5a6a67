namespace PromoScaler.Kubernetes.ApiServer;

/// <summary>How the in-process API server behaves.</summary>
public sealed class KubernetesApiServerOptions
{
    /// <summary>The server's clock: creation timestamps, the request log and simulated pod readiness. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When set, every object with a <c>/scale</c> subresource gets simulated pods: <c>status.replicas</c> follows the
    /// spec at once and <c>status.readyReplicas</c> catches up this long after each scale-up. Null (default): the status
    /// is left as the test writes it.
    /// </summary>
    public TimeSpan? PodStartup { get; init; }

    /// <summary>The user named in a 403 answer. Default <c>system:serviceaccount:promoscaler:promoscaler</c>.</summary>
    public string User { get; init; } = "system:serviceaccount:promoscaler:promoscaler";

    /// <summary>How many recent changes are kept for watches to resume from; older revisions get 410 Expired. Default 1000.</summary>
    public int WatchHistory { get; init; } = 1000;

    /// <summary>How often a watch that asked for bookmarks gets one when nothing changed. Default 1 s.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);
}
