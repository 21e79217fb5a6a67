using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.Credentials;
using PromoScaler.Cloud.Groups;
using PromoScaler.Cloud.Resilience;
using PromoScaler.Cloud.Signing;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Tencent;

/// <summary>
/// Tencent Cloud Auto Scaling (API 3.0, version 2018-04-19) for one group: <c>DescribeAutoScalingGroups</c> and
/// <c>ModifyDesiredCapacity</c>, POSTed as JSON and signed with TC3-HMAC-SHA256. Each attempt takes a rate-limit
/// permit, reads the credentials afresh and signs with the current time, so a retry is never sent stale.
/// </summary>
internal sealed class TencentAutoScalingApi(
    VmGroupRef group,
    HttpClient http,
    CredentialResolver credentials,
    ActionRateLimiters limits,
    CloudCallPipeline pipeline,
    TimeProvider time) : IVmGroupApi
{
    /// <summary>The service name in the signature's scope.</summary>
    public const string Service = "as";

    /// <summary>The public endpoint; the region travels in <c>X-TC-Region</c>.</summary>
    public static readonly Uri PublicEndpoint = new("https://as.tencentcloudapi.com/");

    // Sent and signed byte-identically: the header is set without parsing, so no runtime adds or reorders anything.
    private const string ContentType = "application/json; charset=utf-8";

    public async ValueTask<VmGroupDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["AutoScalingGroupIds"] = new JsonArray(group.Group) };
        var reply = await CallAsync("DescribeAutoScalingGroups", payload, cancellationToken);
        if (reply.Outcome != TargetOutcome.Ok)
        {
            return new VmGroupDescription(reply, null);
        }

        try
        {
            using var document = JsonDocument.Parse(reply.Body);
            var set = document.RootElement.GetProperty("Response").GetProperty("AutoScalingGroupSet");
            var found = set.EnumerateArray().FirstOrDefault(g => g.GetProperty("AutoScalingGroupId").GetString() == group.Group);
            return found.ValueKind == JsonValueKind.Undefined
                ? new VmGroupDescription(new CloudReply(TargetOutcome.NotFound, false, null, $"no group {group.Group} in {group.Region}"), null)
                : new VmGroupDescription(reply, ReadGroup(found));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new VmGroupDescription(new CloudReply(TargetOutcome.Unavailable, false, null, $"unreadable DescribeAutoScalingGroups answer: {ex.Message}"), null);
        }
    }

    public async ValueTask<CloudReply> SetDesiredCapacityAsync(int desired, CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["AutoScalingGroupId"] = group.Group, ["DesiredCapacity"] = desired };
        return await CallAsync("ModifyDesiredCapacity", payload, cancellationToken);
    }

    private static VmGroupState ReadGroup(JsonElement g)
    {
        var enabled = g.GetProperty("EnabledStatus").GetString() ?? "";
        var status = g.GetProperty("AutoScalingGroupStatus").GetString() ?? "";
        var minSize = g.GetProperty("MinSize").GetInt32();
        var maxSize = g.GetProperty("MaxSize").GetInt32();
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MinSize"] = minSize.ToString(CultureInfo.InvariantCulture),
            ["MaxSize"] = maxSize.ToString(CultureInfo.InvariantCulture),
            ["AutoScalingGroupStatus"] = status,
            ["EnabledStatus"] = enabled,
            ["InActivityStatus"] = g.TryGetProperty("InActivityStatus", out var a) ? a.GetString() ?? "" : "",
        };
        return new VmGroupState(
            Desired: g.GetProperty("DesiredCapacity").GetInt32(),
            MinSize: minSize,
            MaxSize: maxSize,
            Instances: g.TryGetProperty("InstanceCount", out var i) ? i.GetInt32() : null,
            InService: g.TryGetProperty("InServiceInstanceCount", out var s) ? s.GetInt32() : null,
            CannotAct: enabled != "ENABLED" ? $"group is {enabled}" : status != "NORMAL" ? $"group status {status}" : null,
            Facts: facts);
    }

    private ValueTask<CloudReply> CallAsync(string action, JsonObject payload, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        return pipeline.ExecuteAsync(action, ct => AttemptAsync(action, body, ct), cancellationToken);
    }

    private async ValueTask<CloudReply> AttemptAsync(string action, byte[] body, CancellationToken cancellationToken)
    {
        var resolution = credentials.Resolve(group.Credentials, CloudProvider.Tencent);
        if (resolution.Credentials is not { } keys)
        {
            return new CloudReply(TargetOutcome.Forbidden, false, null, resolution.Problem);
        }

        if (!await limits.AcquireAsync("tencent", action, cancellationToken))
        {
            return new CloudReply(TargetOutcome.Throttled, true, null, $"client-side rate limit for {action}: too many requests waiting");
        }

        var endpoint = group.Endpoint ?? PublicEndpoint;
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var signature = Tc3Signer.Sign(new Tc3Input("POST", host, ContentType, body, Service, timestamp), keys.KeyId, keys.Secret);

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        request.Headers.Add("X-TC-Action", action);
        request.Headers.Add("X-TC-Version", CloudConstants.TencentApiVersion);
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-TC-Region", group.Region);
        if (keys.Token is { } token)
        {
            request.Headers.Add("X-TC-Token", token);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
            return new CloudReply(
                response.StatusCode == HttpStatusCode.TooManyRequests ? TargetOutcome.Throttled : transient ? TargetOutcome.Unavailable : TargetOutcome.Rejected,
                transient,
                null,
                $"HTTP {(int)response.StatusCode} from {action}");
        }

        return Classify(answer, keys.Source);
    }

    private static CloudReply Classify(byte[] answer, string credentialSource)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.TryGetProperty("Response", out var response)
                && response.TryGetProperty("Error", out var error))
            {
                var code = error.TryGetProperty("Code", out var c) ? c.GetString() ?? "" : "";
                var message = error.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "";
                return TencentErrors.Classify(code, message, credentialSource);
            }

            return CloudReply.Ok(answer);
        }
        catch (JsonException ex)
        {
            return new CloudReply(TargetOutcome.Unavailable, true, null, $"not a JSON answer: {ex.Message}");
        }
    }
}
