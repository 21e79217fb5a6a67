using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Daemon.Status;

/// <summary>
/// Writes each ScalingPolicy's status back, and Events on it, from the catalog's verdicts and the ticks it observes.
/// Only the leader writes (checked with <see cref="ILeadership.MayWrite(out string?)"/> before each round and, with sharding, per policy against the holder of its shard); only a status that
/// changed is written (the decision's time alone is not a change), at most <c>MaxStatusWritesPerRound</c> a round
/// every <c>StatusInterval</c>. A refused write (403, 409, 429, 5xx) is logged and tried again next round; it never
/// holds up a tick.
/// </summary>
internal sealed class PolicyStatusWriter : BackgroundService, IDecisionObserver
{
    private readonly PolicyCatalog _catalog;
    private readonly ILeadership _leadership;
    private readonly OperatorIntentBook _intent;
    private readonly PolicyCatalogOptions _options;
    private readonly ScalingPolicyStatusClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyStatusWriter> _logger;
    private readonly ConcurrentDictionary<string, PolicyTick> _ticks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastScales = new(StringComparer.Ordinal);

    // The newest scale of each policy, kept apart from the newest tick: a tick after it must not hide its Event.
    private readonly ConcurrentDictionary<string, PolicyTick> _scaleTicks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Uid, JsonObject Status, string Compared)> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _invalidReported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _scaleReported = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _round = new(1, 1);

    public PolicyStatusWriter(PolicyCatalog catalog, IKubernetes client, ILeadership leadership, OperatorIntentBook intent, IOptions<PolicyCatalogOptions> options, IOptions<KubernetesOptions> kubernetes, TimeProvider time, ILogger<PolicyStatusWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kubernetes);
        _catalog = catalog;
        _leadership = leadership;
        _intent = intent;
        _options = options.Value;
        _client = new ScalingPolicyStatusClient(client, time, kubernetes.Value.Timeout, kubernetes.Value.EventComponent);
        _time = time;
        _logger = logger;
    }

    public void Observed(PolicyTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        // Ticks of one policy can finish out of order (a round started late ends after a newer one): keep the newest.
        _ticks.AddOrUpdate(tick.Policy.Name, tick, (_, known) => tick.At >= known.At ? tick : known);
        if (tick.Write == "ok")
        {
            _lastScales.AddOrUpdate(tick.Policy.Name, tick.At, (_, known) => tick.At >= known ? tick.At : known);
            _scaleTicks.AddOrUpdate(tick.Policy.Name, tick, (_, known) => tick.At >= known.At ? tick : known);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.StatusInterval, _time, stoppingToken);
                await WriteOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One round: every changed status (up to the per-round limit) and the Events due; returns the statuses written.</summary>
    internal async Task<int> WriteOnceAsync(CancellationToken cancellationToken)
    {
        if (!_leadership.MayWrite(out _))
        {
            return 0;
        }

        await _round.WaitAsync(cancellationToken);
        try
        {
            return await WriteChangedAsync(cancellationToken);
        }
        finally
        {
            _round.Release();
        }
    }

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    private async Task<int> WriteChangedAsync(CancellationToken cancellationToken)
    {
        var verdicts = _catalog.Verdicts;
        foreach (var gone in _written.Keys.Where(k => !verdicts.ContainsKey(k)).ToList())
        {
            _written.Remove(gone);
        }

        var writes = 0;
        foreach (var verdict in verdicts.Values)
        {
            var o = verdict.Source;
            if (!_leadership.MayWrite(o.Name, out _))
            {
                continue; // another replica holds this policy's shard and writes its status
            }

            _ticks.TryGetValue(o.Name, out var tick);
            var before = _written.TryGetValue(o.Key, out var w) && w.Uid == o.Uid ? w : default;
            var status = PolicyStatusBuilder.Build(verdict, tick, _lastScales.TryGetValue(o.Name, out var scaled) ? scaled : null, _intent.For(o.Name), before.Status, _time.GetUtcNow());
            var compared = Compared(status);
            if (compared != before.Compared && writes < _options.MaxStatusWritesPerRound && MayWrite(o))
            {
                writes++;
                if (await _client.PatchStatusAsync(o, Patch(status, before.Status), cancellationToken) is { } problem)
                {
                    Log.PolicyStatusNotWritten(_logger, o.Key, problem);
                }
                else
                {
                    _written[o.Key] = (o.Uid, status, compared);
                }
            }

            await RecordEventsAsync(verdict, _scaleTicks.TryGetValue(o.Name, out var scale) ? scale : null, cancellationToken);
        }

        return writes;
    }

    private async Task RecordEventsAsync(ObjectVerdict verdict, PolicyTick? scale, CancellationToken cancellationToken)
    {
        var o = verdict.Source;
        string? problem = null;
        if (!verdict.Valid && (!_invalidReported.TryGetValue(o.Key, out var reported) || reported != o.Generation) && MayWrite(o))
        {
            _invalidReported[o.Key] = o.Generation;
            var kept = verdict.RunningGeneration is { } g ? $"generation {g} keeps running" : "nothing of it runs";
            problem = await _client.RecordEventAsync(o, "Warning", "InvalidPolicy", $"{string.Join("; ", verdict.Errors)} ({kept})", cancellationToken);
        }

        if (scale is { Write: "ok", Decision: { } decision } && verdict.RunningGeneration is not null
            && (!_scaleReported.TryGetValue(o.Key, out var last) || last < scale.At) && MayWrite(o))
        {
            _scaleReported[o.Key] = scale.At;
            problem ??= await _client.RecordEventAsync(o, "Normal", "SuccessfulRescale", $"New size: {decision.Desired}; reason: {DecisionSummary.Of(decision)}", cancellationToken);
        }

        if (problem is not null)
        {
            Log.PolicyStatusNotWritten(_logger, o.Key, problem);
        }
    }

    /// <summary>Whether this replica may write <paramref name="o"/> now: checked right before each write, as every writer does, so a replica deposed during the round writes nothing more.</summary>
    private bool MayWrite(PolicyObject o) => _leadership.MayWrite(o.Name, out _);

    /// <summary>The status without the decision's time: a tick that decided the same again is not a change.</summary>
    private static string Compared(JsonObject status)
    {
        var copy = (JsonObject)status.DeepClone();
        (copy["lastDecision"] as JsonObject)?.Remove("time");
        return copy.ToJsonString();
    }

    /// <summary>A merge patch: the new status, with null for what the last written one had and this one has not.</summary>
    private static JsonObject Patch(JsonObject status, JsonObject? before)
    {
        var patch = (JsonObject)status.DeepClone();
        foreach (var (key, _) in before ?? [])
        {
            if (!patch.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        return patch;
    }
}
