using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Preflight;

/// <summary>What a quota leaves a workload: the most pods it can run under one hard limit of one ResourceQuota.</summary>
/// <param name="Quota">The ResourceQuota's name.</param>
/// <param name="Resource">The limit: <c>pods</c>, <c>requests.cpu</c>, <c>requests.memory</c>.</param>
/// <param name="MaxPods">The pods it runs now plus those the quota's remaining room admits.</param>
internal sealed record QuotaLimit(string Quota, string Resource, int MaxPods);

/// <summary>What preflight read of a Kubernetes target: its HPA's maxReplicas, the quotas of its namespace, and what it could not read.</summary>
internal sealed record ClusterLimit(int? HpaMaxReplicas, IReadOnlyList<QuotaLimit> Quotas, IReadOnlyList<string> Notes);

/// <summary>
/// Reads, for each Kubernetes target, what the cluster itself would hold a pre-warm to: an HPA target's
/// <c>spec.maxReplicas</c>, and every ResourceQuota of the namespace (<c>status.hard</c> - <c>status.used</c>, the
/// room the quota controller computed) for <c>pods</c> and, of a Deployment or StatefulSet whose pod template
/// requests them, <c>requests.cpu</c> / <c>requests.memory</c>. What cannot be read (forbidden, missing) is a note,
/// never a failure of the whole check.
/// </summary>
internal static class ClusterLimits
{
    private static readonly string[] RequestResources = ["cpu", "memory"];

    // Long on purpose: per policy, the target read by its kind (count, pod requests) then its namespace's quotas (listed once); an unreadable target or quota becomes a note, never a failure.
    public static async Task<Dictionary<string, ClusterLimit>> ReadAsync(IKubernetes client, IEnumerable<ScalingPolicy> policies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var limits = new Dictionary<string, ClusterLimit>(StringComparer.Ordinal);
        var quotas = new Dictionary<string, (IList<V1ResourceQuota>? Items, string? Problem)>(StringComparer.Ordinal);
        foreach (var policy in policies.Where(p => !p.Spec.Target.IsVmGroup))
        {
            var target = policy.Spec.Target;
            var notes = new List<string>();
            int? hpaMax = null;
            int? current = null;
            IDictionary<string, ResourceQuantity>? requests = null;
            try
            {
                if (target.Kind == TargetKind.HorizontalPodAutoscaler)
                {
                    var hpa = await client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(target.Name, target.Namespace, cancellationToken: cancellationToken);
                    hpaMax = hpa.Spec.MaxReplicas;
                    current = hpa.Status?.CurrentReplicas;
                }
                else if (target.Kind == TargetKind.Deployment)
                {
                    var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace, cancellationToken: cancellationToken);
                    current = deployment.Spec.Replicas ?? 1;
                    requests = PodRequests(deployment.Spec.Template);
                }
                else if (target.Kind == TargetKind.StatefulSet)
                {
                    var set = await client.AppsV1.ReadNamespacedStatefulSetAsync(target.Name, target.Namespace, cancellationToken: cancellationToken);
                    current = set.Spec.Replicas ?? 1;
                    requests = PodRequests(set.Spec.Template);
                }
                else
                {
                    notes.Add("ResourceQuota not checked: the pods of a Scale target are not known");
                }
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
            {
                notes.Add($"{target} not readable ({Status(ex)}): HPA maxReplicas and quotas not checked");
            }

            var found = new List<QuotaLimit>();
            if (current is { } running)
            {
                if (!quotas.TryGetValue(target.Namespace, out var list))
                {
                    list = await ListQuotasAsync(client, target.Namespace, cancellationToken);
                    quotas[target.Namespace] = list;
                }

                if (list.Problem is { } problem)
                {
                    notes.Add(problem);
                }

                foreach (var quota in list.Items ?? [])
                {
                    found.AddRange(Limits(quota, running, requests));
                }
            }

            limits[policy.Name] = new ClusterLimit(hpaMax, found, notes);
        }

        return limits;
    }

    private static async Task<(IList<V1ResourceQuota>? Items, string? Problem)> ListQuotasAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CoreV1.ListNamespacedResourceQuotaAsync(ns, cancellationToken: cancellationToken);
            return (list.Items, null);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            return (null, $"ResourceQuota of namespace {ns} skipped ({Status(ex)})");
        }
    }

    /// <summary>The most pods each hard limit of <paramref name="quota"/> admits: those running plus what the remaining room fits.</summary>
    private static IEnumerable<QuotaLimit> Limits(V1ResourceQuota quota, int running, IDictionary<string, ResourceQuantity>? perPod)
    {
        var hard = quota.Status?.Hard ?? quota.Spec?.Hard;
        var used = quota.Status?.Used;
        if (hard is null)
        {
            yield break;
        }

        var name = quota.Metadata?.Name ?? "?";
        if (hard.TryGetValue("pods", out var hardPods))
        {
            var room = hardPods.ToDecimal() - Used(used, "pods");
            yield return new QuotaLimit(name, "pods", Pods(running, Math.Floor(room)));
        }

        foreach (var resource in RequestResources)
        {
            var key = "requests." + resource;
            if (perPod is not null && perPod.TryGetValue(resource, out var request) && request.ToDecimal() > 0
                && (hard.TryGetValue(key, out var limit) || hard.TryGetValue(resource, out limit)))
            {
                var room = limit.ToDecimal() - Math.Max(Used(used, key), Used(used, resource));
                yield return new QuotaLimit(name, key, Pods(running, Math.Floor(room / request.ToDecimal())));
            }
        }
    }

    private static int Pods(int running, decimal more) =>
        (int)Math.Clamp(running + Math.Max(more, 0), 0, int.MaxValue);

    private static decimal Used(IDictionary<string, ResourceQuantity>? used, string key) =>
        used is not null && used.TryGetValue(key, out var q) ? q.ToDecimal() : 0;

    /// <summary>The requests of one pod: the sum over its containers (an init container that requests more would count more).</summary>
    private static Dictionary<string, ResourceQuantity>? PodRequests(V1PodTemplateSpec? template)
    {
        var containers = template?.Spec?.Containers;
        if (containers is null)
        {
            return null;
        }

        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            foreach (var (resource, quantity) in container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
            {
                sums[resource] = sums.GetValueOrDefault(resource) + quantity.ToDecimal();
            }
        }

        return sums.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal);
    }

    private static string Status(Exception ex) => ex switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } => "forbidden",
        HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound } => "not found",
        HttpOperationException http => $"HTTP {(int)http.Response.StatusCode}",
        _ => $"unreachable: {ex.Message}",
    };
}
