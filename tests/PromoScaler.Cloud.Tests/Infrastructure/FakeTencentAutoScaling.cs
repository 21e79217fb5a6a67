using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using PromoScaler.Cloud.Signing;

namespace PromoScaler.Cloud.Tests.Infrastructure;

/// <summary>
/// Tencent Cloud Auto Scaling (API 3.0) on loopback, as strict as the real one where PromoScaler could go wrong:
/// it recomputes the TC3-HMAC-SHA256 signature from what it received (the raw Content-Type and Host, the body
/// bytes, X-TC-Timestamp), checks the scope date is the timestamp's UTC date, refuses a timestamp more than five
/// minutes from its own clock, checks action, version and region, and answers errors as HTTP 200 with
/// Response.Error, as Tencent does. Tests inject error codes and latency.
/// </summary>
internal sealed partial class FakeTencentAutoScaling : FakeCloudEndpoint
{
    public const string SecretId = "AKIDTESTEXAMPLE0000000000000000000";
    public const string SecretKey = "TestSecretKeyEXAMPLE00000000000";

    private FakeTencentAutoScaling(LoopbackServer server, TimeProvider clock, string region)
        : base(server, clock, region)
    {
    }

    /// <summary>Every request received, accepted or not.</summary>
    /// <summary>Starts the fake; <paramref name="clock"/> is the server's idea of now (for the signature's age).</summary>
    public static async Task<FakeTencentAutoScaling> StartAsync(TimeProvider clock, string region = "ap-guangzhou")
    {
        FakeTencentAutoScaling? fake = null;
        var server = await LoopbackServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeTencentAutoScaling(server, clock, region);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (body, headers) = await ReadRequestAsync(context);
        var action = headers.GetValueOrDefault("x-tc-action", "");

        var refusal = Verify(context.Request.Method, headers, body);
        if (refusal is not null)
        {
            await AnswerAsync(context, Error(refusal.Value.Code, refusal.Value.Message));
            return;
        }

        JsonObject parameters;
        try
        {
            parameters = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException)
        {
            await AnswerAsync(context, Error("InvalidParameter", "body is not JSON"));
            return;
        }

        Calls.Enqueue(new FakeCall(action, parameters.ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null"), headers));
        if (InjectedErrors.TryGetValue(action, out var queue) && queue.TryDequeue(out var injected))
        {
            await AnswerAsync(context, Error(injected, $"injected {injected}"));
            return;
        }

        await AnswerAsync(context, action switch
        {
            "DescribeAutoScalingGroups" => Describe(parameters),
            "ModifyDesiredCapacity" => Modify(parameters),
            _ => Error("InvalidAction", $"action {action} not served by this fake"),
        });
    }

    private (string Code, string Message)? Verify(string method, Dictionary<string, string> headers, byte[] body)
    {
        if (method != "POST")
        {
            return ("InvalidParameter", "POST expected");
        }

        if (headers.GetValueOrDefault("x-tc-version") != "2018-04-19")
        {
            return ("InvalidParameter.Version", $"X-TC-Version {headers.GetValueOrDefault("x-tc-version")}");
        }

        if (headers.GetValueOrDefault("x-tc-region") != Region)
        {
            return ("InvalidParameterValue.Region", $"X-TC-Region {headers.GetValueOrDefault("x-tc-region")}");
        }

        var match = AuthorizationPattern().Match(headers.GetValueOrDefault("authorization", ""));
        if (!match.Success)
        {
            return ("AuthFailure.InvalidAuthorization", "Authorization is not TC3-HMAC-SHA256");
        }

        if (match.Groups["id"].Value != SecretId)
        {
            return ("AuthFailure.SecretIdNotFound", "The SecretId is not found");
        }

        if (!long.TryParse(headers.GetValueOrDefault("x-tc-timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return ("AuthFailure.InvalidAuthorization", "X-TC-Timestamp missing");
        }

        if (Math.Abs(Clock.GetUtcNow().ToUnixTimeSeconds() - timestamp) > 300)
        {
            return ("AuthFailure.SignatureExpire", "Signature expired, timestamp is too far from the server time");
        }

        var utcDate = DateTimeOffset.FromUnixTimeSeconds(timestamp).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (match.Groups["date"].Value != utcDate || match.Groups["service"].Value != "as" || match.Groups["signed"].Value != "content-type;host")
        {
            return ("AuthFailure.SignatureFailure", "credential scope or signed headers do not match");
        }

        var expected = Tc3Signer.Sign(
            new Tc3Input("POST", headers.GetValueOrDefault("host", ""), headers.GetValueOrDefault("content-type", ""), body, "as", timestamp),
            SecretId,
            SecretKey);
        return expected.Signature == match.Groups["signature"].Value
            ? null
            : ("AuthFailure.SignatureFailure", "The provided credentials could not be validated");
    }

    private JsonObject Describe(JsonObject parameters)
    {
        var ids = parameters["AutoScalingGroupIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        var set = new JsonArray();
        foreach (var group in Groups.Values.Where(g => ids.Contains(g.Id)))
        {
            set.Add(new JsonObject
            {
                ["AutoScalingGroupId"] = group.Id,
                ["AutoScalingGroupName"] = "web",
                ["AutoScalingGroupStatus"] = group.Status.Length == 0 ? "NORMAL" : group.Status,
                ["DesiredCapacity"] = group.Desired,
                ["MinSize"] = group.MinSize,
                ["MaxSize"] = group.MaxSize,
                ["InstanceCount"] = group.InService,
                ["InServiceInstanceCount"] = group.InService,
                ["InActivityStatus"] = "NOT_IN_ACTIVITY",
                ["EnabledStatus"] = group.Enabled ? "ENABLED" : "DISABLED",
            });
        }

        return Success(new JsonObject { ["TotalCount"] = set.Count, ["AutoScalingGroupSet"] = set });
    }

    private JsonObject Modify(JsonObject parameters)
    {
        var id = parameters["AutoScalingGroupId"]?.GetValue<string>() ?? "";
        if (!Groups.TryGetValue(id, out var group))
        {
            return Error("ResourceNotFound.AutoScalingGroupNotFound", $"The auto scaling group {id} does not exist");
        }

        if (!group.Enabled)
        {
            return Error("ResourceUnavailable.AutoScalingGroupDisabled", "The auto scaling group is disabled");
        }

        var desired = parameters["DesiredCapacity"]?.GetValue<int>() ?? -1;
        if (desired < group.MinSize || desired > group.MaxSize)
        {
            return Error("InvalidParameterValue.Size", "MaxSize >= DesiredCapacity >= MinSize is required");
        }

        group.Desired = desired;
        return Success([]);
    }

    private static JsonObject Success(JsonObject response)
    {
        response["RequestId"] = Guid.NewGuid().ToString();
        return new JsonObject { ["Response"] = response };
    }

    private static JsonObject Error(string code, string message) => new()
    {
        ["Response"] = new JsonObject
        {
            ["Error"] = new JsonObject { ["Code"] = code, ["Message"] = message },
            ["RequestId"] = Guid.NewGuid().ToString(),
        },
    };

    private static Task AnswerAsync(HttpContext context, JsonObject answer)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.ToJsonString())).AsTask();
    }

    [GeneratedRegex(@"^TC3-HMAC-SHA256 Credential=(?<id>[^/]+)/(?<date>\d{4}-\d{2}-\d{2})/(?<service>[a-z]+)/tc3_request, SignedHeaders=(?<signed>[a-z;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
