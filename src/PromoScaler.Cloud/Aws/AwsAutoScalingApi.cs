using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.Credentials;
using PromoScaler.Cloud.Groups;
using PromoScaler.Cloud.Resilience;
using PromoScaler.Cloud.Signing;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Aws;

/// <summary>
/// AWS EC2 Auto Scaling through the Query API (version 2011-01-01) for one group: <c>DescribeAutoScalingGroups</c>
/// and <c>SetDesiredCapacity</c> with <c>HonorCooldown=false</c> (a pre-warm must not wait for a cooldown another
/// policy started), form-encoded POSTs signed with SigV4 for service <c>autoscaling</c>. Answers are XML; errors are
/// an <c>ErrorResponse</c> with an HTTP 4xx/5xx status.
/// </summary>
internal sealed class AwsAutoScalingApi(
    VmGroupRef group,
    HttpClient http,
    CredentialResolver credentials,
    ActionRateLimiters limits,
    CloudCallPipeline pipeline,
    TimeProvider time) : IVmGroupApi
{
    /// <summary>The service name in the signature's scope.</summary>
    public const string Service = "autoscaling";

    private const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>The regional public endpoint (China regions use <c>amazonaws.com.cn</c>).</summary>
    public static Uri PublicEndpoint(string region) => new(region.StartsWith("cn-", StringComparison.Ordinal)
        ? $"https://autoscaling.{region}.amazonaws.com.cn/"
        : $"https://autoscaling.{region}.amazonaws.com/");

    public async ValueTask<VmGroupDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync("DescribeAutoScalingGroups", [new("AutoScalingGroupNames.member.1", group.Group)], cancellationToken);
        if (reply.Outcome != TargetOutcome.Ok)
        {
            return new VmGroupDescription(reply, null);
        }

        try
        {
            var found = Parse(reply.Body!).Descendants()
                .Where(e => e.Name.LocalName == "member" && e.Parent?.Name.LocalName == "AutoScalingGroups")
                .FirstOrDefault(e => Child(e, "AutoScalingGroupName") == group.Group);
            return found is null
                ? new VmGroupDescription(new CloudReply(TargetOutcome.NotFound, false, null, $"no group {group.Group} in {group.Region}"), null)
                : new VmGroupDescription(reply, ReadGroup(found));
        }
        catch (Exception ex) when (ex is XmlException or FormatException or OverflowException)
        {
            return new VmGroupDescription(new CloudReply(TargetOutcome.Unavailable, false, null, $"unreadable DescribeAutoScalingGroups answer: {ex.Message}"), null);
        }
    }

    public ValueTask<CloudReply> SetDesiredCapacityAsync(int desired, CancellationToken cancellationToken) => CallAsync(
        "SetDesiredCapacity",
        [
            new("AutoScalingGroupName", group.Group),
            new("DesiredCapacity", desired.ToString(CultureInfo.InvariantCulture)),
            new("HonorCooldown", "false"),
        ],
        cancellationToken);

    private static VmGroupState ReadGroup(XElement g)
    {
        int Number(string name) => int.Parse(Child(g, name) ?? throw new FormatException($"{name} is missing"), CultureInfo.InvariantCulture);
        var instances = g.Elements().Where(e => e.Name.LocalName == "Instances").Elements().ToList();
        var suspended = g.Elements().Where(e => e.Name.LocalName == "SuspendedProcesses").Elements()
            .Select(e => Child(e, "ProcessName")).OfType<string>().ToList();
        var status = Child(g, "Status");
        var blocking = suspended.Where(p => p is "Launch" or "Terminate").ToList();

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MinSize"] = Number("MinSize").ToString(CultureInfo.InvariantCulture),
            ["MaxSize"] = Number("MaxSize").ToString(CultureInfo.InvariantCulture),
            ["Status"] = status ?? "",
            ["SuspendedProcesses"] = string.Join(",", suspended),
        };
        return new VmGroupState(
            Desired: Number("DesiredCapacity"),
            MinSize: Number("MinSize"),
            MaxSize: Number("MaxSize"),
            Instances: instances.Count,
            InService: instances.Count(i => Child(i, "LifecycleState") == "InService"),
            CannotAct: status is { Length: > 0 } ? $"group status {status}"
                : blocking.Count > 0 ? $"scaling processes suspended: {string.Join(", ", blocking)}"
                : null,
            Facts: facts);
    }

    private ValueTask<CloudReply> CallAsync(string action, KeyValuePair<string, string>[] parameters, CancellationToken cancellationToken)
    {
        var form = SigV4Signer.CanonicalQuery(
            [new("Action", action), new("Version", CloudConstants.AwsApiVersion), .. parameters]);
        var body = Encoding.UTF8.GetBytes(form);
        return pipeline.ExecuteAsync(action, ct => AttemptAsync(action, body, ct), cancellationToken);
    }

    private async ValueTask<CloudReply> AttemptAsync(string action, byte[] body, CancellationToken cancellationToken)
    {
        var resolution = credentials.Resolve(group.Credentials, CloudProvider.Aws);
        if (resolution.Credentials is not { } keys)
        {
            return new CloudReply(TargetOutcome.Forbidden, false, null, resolution.Problem);
        }

        if (!await limits.AcquireAsync("aws", action, cancellationToken))
        {
            return new CloudReply(TargetOutcome.Throttled, true, null, $"client-side rate limit for {action}: too many requests waiting");
        }

        var endpoint = group.Endpoint ?? PublicEndpoint(group.Region);
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        var input = new SigV4Input("POST", endpoint.AbsolutePath, [], [new("Content-Type", ContentType), new("Host", host)], body);
        var signature = SigV4Signer.Sign(input, keys.KeyId, keys.Secret, keys.Token, group.Region, Service, time.GetUtcNow());

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        foreach (var (name, value) in signature.HeadersToAdd)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK ? CloudReply.Ok(answer) : ClassifyError((int)response.StatusCode, answer, action, keys.Source);
    }

    private static CloudReply ClassifyError(int status, byte[] answer, string action, string credentialSource)
    {
        try
        {
            var error = Parse(answer).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            if (error is not null && Child(error, "Code") is { } code)
            {
                return AwsErrors.Classify(status, code, Child(error, "Message") ?? "", credentialSource);
            }
        }
        catch (XmlException)
        {
            // Not an ErrorResponse (a proxy's page): classified by status below.
        }

        return status == 429
            ? new CloudReply(TargetOutcome.Throttled, true, null, $"HTTP 429 from {action}")
            : new CloudReply(status >= 500 ? TargetOutcome.Unavailable : TargetOutcome.Rejected, status >= 500, null, $"HTTP {status} from {action}");
    }

    /// <summary>Parses an answer with DTDs refused (an answer is untrusted input: no entity expansion).</summary>
    private static XDocument Parse(byte[] xml)
    {
        using var stream = new MemoryStream(xml);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }

    private static string? Child(XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}
