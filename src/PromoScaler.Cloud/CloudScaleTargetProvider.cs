using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Cloud.Aws;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.Credentials;
using PromoScaler.Cloud.Groups;
using PromoScaler.Cloud.Resilience;
using PromoScaler.Cloud.Telemetry;
using PromoScaler.Cloud.Tencent;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud;

/// <summary>
/// Builds the adapter for the targets of <see cref="CloudTargetKinds.Tencent"/> and <see cref="CloudTargetKinds.Aws"/>. Each target gets its own pipeline (so one group's open
/// breaker leaves the others alone); the rate limits are per provider and action, shared by all.
/// </summary>
public sealed class CloudScaleTargetProvider : IScaleTargetProvider
{
    private readonly IHttpClientFactory _http;
    private readonly CloudOptions _options;
    private readonly CredentialResolver _credentials;
    private readonly ActionRateLimiters _limits;
    private readonly TimeProvider _time;
    private readonly JitterSource _jitter;
    private readonly CloudMetrics _metrics;
    private readonly ILoggerFactory _loggers;

    internal CloudScaleTargetProvider(
        IHttpClientFactory http,
        IOptions<CloudOptions> options,
        CredentialResolver credentials,
        ActionRateLimiters limits,
        TimeProvider time,
        JitterSource jitter,
        CloudMetrics metrics,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _credentials = credentials;
        _limits = limits;
        _time = time;
        _jitter = jitter;
        _metrics = metrics;
        _loggers = loggers;
    }

    public bool Serves(TargetRef target) =>
        target is { IsVmGroup: true, Group: not null } && (target.Kind == CloudTargetKinds.Tencent.Kind || target.Kind == CloudTargetKinds.Aws.Kind);

    public IScaleTarget Create(TargetRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Group is not { } group || !target.IsVmGroup)
        {
            throw new ArgumentException($"{target} is not a VM group target", nameof(target));
        }

        var logger = _loggers.CreateLogger("PromoScaler.Cloud");
        var provider = target.Kind == CloudTargetKinds.Tencent.Kind ? "tencent" : "aws";
        var pipeline = new CloudCallPipeline(target.ToString(), provider, _options, _time, _jitter, _metrics, logger);
        var http = _http.CreateClient(CloudConstants.HttpClientName);
        IVmGroupApi api = target.Kind == CloudTargetKinds.Tencent.Kind
            ? new TencentAutoScalingApi(group, http, _credentials, _limits, pipeline, _time)
            : new AwsAutoScalingApi(group, http, _credentials, _limits, pipeline, _time);
        return new VmGroupTarget(target, api, logger);
    }
}
