using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using PromoScaler.Cloud.Signing;

namespace PromoScaler.Cloud.Tests.Infrastructure;

/// <summary>
/// AWS EC2 Auto Scaling's Query API (2011-01-01) on loopback: it recomputes the SigV4 signature over the headers
/// the request names as signed, with their received values and the body bytes, refuses an X-Amz-Date more than
/// five minutes from its own clock, checks action and version, and answers XML (errors as an ErrorResponse with a
/// 4xx/5xx status, as AWS does). Tests inject error codes and latency.
/// </summary>
internal sealed partial class FakeAwsAutoScaling : FakeCloudEndpoint
{
    public const string AccessKeyId = "AKIDTESTEXAMPLE";
    public const string SecretAccessKey = "testSecretAccessKeyEXAMPLEKEY0000000000";
    private const string Namespace = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private FakeAwsAutoScaling(LoopbackServer server, TimeProvider clock, string region)
        : base(server, clock, region)
    {
    }

    /// <summary>A session token the fake requires (and checks is signed) when set.</summary>
    public string? RequiredSessionToken { get; set; }

    public static async Task<FakeAwsAutoScaling> StartAsync(TimeProvider clock, string region = "us-east-1")
    {
        FakeAwsAutoScaling? fake = null;
        var server = await LoopbackServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeAwsAutoScaling(server, clock, region);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (body, headers) = await ReadRequestAsync(context);

        if (Verify(context.Request.Method, context.Request.Path.Value ?? "/", headers, body) is { } refusal)
        {
            await AnswerAsync(context, refusal.Status, ErrorXml(refusal.Code, refusal.Message));
            return;
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var action = form.GetValueOrDefault("Action", "");
        if (form.GetValueOrDefault("Version") != "2011-01-01")
        {
            await AnswerAsync(context, 400, ErrorXml("InvalidAction", $"version {form.GetValueOrDefault("Version")}"));
            return;
        }

        Calls.Enqueue(new FakeCall(action, form, headers));
        if (InjectedErrors.TryGetValue(action, out var queue) && queue.TryDequeue(out var injected))
        {
            await AnswerAsync(context, injected is "ResourceContention" or "InternalFailure" ? 500 : 400, ErrorXml(injected, $"injected {injected}"));
            return;
        }

        var (status, xml) = action switch
        {
            "DescribeAutoScalingGroups" => (200, Describe(form)),
            "SetDesiredCapacity" => SetDesired(form),
            _ => (400, ErrorXml("InvalidAction", $"action {action} not served by this fake")),
        };
        await AnswerAsync(context, status, xml);
    }

    private (int Status, string Code, string Message)? Verify(string method, string path, Dictionary<string, string> headers, byte[] body)
    {
        var match = AuthorizationPattern().Match(headers.GetValueOrDefault("authorization", ""));
        if (!match.Success)
        {
            return (400, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }

        if (match.Groups["id"].Value != AccessKeyId)
        {
            return (403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        if (!DateTimeOffset.TryParseExact(headers.GetValueOrDefault("x-amz-date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return (400, "IncompleteSignature", "X-Amz-Date missing");
        }

        if ((Clock.GetUtcNow() - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return (400, "SignatureDoesNotMatch", $"Signature expired: {headers["x-amz-date"]} is now earlier or later than the allowed window.");
        }

        if (RequiredSessionToken is not null && headers.GetValueOrDefault("x-amz-security-token") != RequiredSessionToken)
        {
            return (403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        var signed = match.Groups["signed"].Value.Split(';');
        if (match.Groups["date"].Value != headers["x-amz-date"][..8] || match.Groups["region"].Value != Region
            || match.Groups["service"].Value != "autoscaling" || !signed.Contains("host") || !signed.Contains("x-amz-date")
            || (headers.ContainsKey("x-amz-security-token") && !signed.Contains("x-amz-security-token")))
        {
            return (403, "SignatureDoesNotMatch", "credential scope or signed headers do not match");
        }

        // The signer adds x-amz-date and the token itself; every other signed header is passed as received.
        var others = signed.Where(h => h is not "x-amz-date" and not "x-amz-security-token")
            .Select(h => new KeyValuePair<string, string>(h, headers.GetValueOrDefault(h, "")))
            .ToList();
        var expected = SigV4Signer.Sign(
            new SigV4Input(method, path, [], others, body),
            AccessKeyId,
            SecretAccessKey,
            headers.GetValueOrDefault("x-amz-security-token"),
            Region,
            "autoscaling",
            signedAt);
        return expected.Signature == match.Groups["signature"].Value
            ? null
            : (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }

    private string Describe(Dictionary<string, string> form)
    {
        var names = form.Where(p => p.Key.StartsWith("AutoScalingGroupNames.member.", StringComparison.Ordinal)).Select(p => p.Value).ToHashSet();
        var members = new StringBuilder();
        foreach (var group in Groups.Values.Where(g => names.Contains(g.Id)))
        {
            members.Append("<member>")
                .Append("<AutoScalingGroupName>").Append(SecurityElement.Escape(group.Id)).Append("</AutoScalingGroupName>")
                .Append(CultureInfo.InvariantCulture, $"<MinSize>{group.MinSize}</MinSize><MaxSize>{group.MaxSize}</MaxSize><DesiredCapacity>{group.Desired}</DesiredCapacity>")
                .Append("<Instances>");
            for (var i = 0; i < Math.Max(group.Desired, group.InService); i++)
            {
                var state = i < group.InService ? "InService" : "Pending";
                members.Append(CultureInfo.InvariantCulture, $"<member><InstanceId>i-{i:x8}</InstanceId><LifecycleState>{state}</LifecycleState><HealthStatus>Healthy</HealthStatus></member>");
            }

            members.Append("</Instances><SuspendedProcesses>");
            if (!group.Enabled)
            {
                members.Append("<member><ProcessName>Launch</ProcessName><SuspensionReason>User suspended</SuspensionReason></member>");
            }

            members.Append("</SuspendedProcesses>");
            if (group.Status.Length > 0)
            {
                members.Append("<Status>").Append(SecurityElement.Escape(group.Status)).Append("</Status>");
            }

            members.Append("</member>");
        }

        return $"""<DescribeAutoScalingGroupsResponse xmlns="{Namespace}"><DescribeAutoScalingGroupsResult><AutoScalingGroups>{members}</AutoScalingGroups></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>""";
    }

    private (int, string) SetDesired(Dictionary<string, string> form)
    {
        if (!Groups.TryGetValue(form.GetValueOrDefault("AutoScalingGroupName", ""), out var group))
        {
            return (400, ErrorXml("ValidationError", "AutoScalingGroup name not found - null"));
        }

        var desired = int.Parse(form.GetValueOrDefault("DesiredCapacity", "-1"), CultureInfo.InvariantCulture);
        if (desired > group.MaxSize)
        {
            return (400, ErrorXml("ValidationError", $"New SetDesiredCapacity value {desired} is above max value {group.MaxSize} for the AutoScalingGroup."));
        }

        if (desired < group.MinSize)
        {
            return (400, ErrorXml("ValidationError", $"New SetDesiredCapacity value {desired} is below min value {group.MinSize} for the AutoScalingGroup."));
        }

        group.Desired = desired;
        return (200, $"""<SetDesiredCapacityResponse xmlns="{Namespace}"><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></SetDesiredCapacityResponse>""");
    }

    private static string ErrorXml(string code, string message) =>
        $"""<ErrorResponse xmlns="{Namespace}"><Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>""";

    private static Task AnswerAsync(HttpContext context, int status, string xml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(xml)).AsTask();
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<id>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
