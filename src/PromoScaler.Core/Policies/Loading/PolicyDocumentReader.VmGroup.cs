using System.Text.RegularExpressions;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary><c>spec.target</c> of the cloud VM group kinds: region, group, credentials (never the keys) and an optional endpoint.</summary>
internal sealed partial class PolicyDocumentReader
{
    private const string CredentialsPath = "spec.target.credentials";

    /// <summary>Keys that would put a secret in the policy file itself; each is an error at its own line.</summary>
    private static readonly HashSet<string> InlineSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "secretId", "secretKey", "token", "secret_id", "secret_key",
        "accessKeyId", "secretAccessKey", "sessionToken", "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
    };

    private static readonly string[] KubernetesTargetFields = ["namespace", "name", "apiVersion", "resource"];

    private TargetRef? ReadVmGroupTarget(MappingFields fields, TargetKind kind)
    {
        var tencent = kind == TargetKind.TencentCloudAutoScalingGroup;
        foreach (var extra in KubernetesTargetFields.Append(tencent ? "groupName" : "groupId"))
        {
            if (fields.Optional(extra) is { } x)
            {
                Error(x, $"spec.target.{extra}", $"does not apply to kind {kind}");
            }
        }

        var region = fields.Required("region") is { } r
            ? ReadMatching(r, "spec.target.region", CloudRegion(), 63, "a cloud region such as ap-guangzhou or us-east-1")
            : null;
        var group = tencent
            ? fields.Required("groupId") is { } id ? ReadMatching(id, "spec.target.groupId", TencentGroupId(), 64, "a Tencent Cloud group ID (asg-...)") : null
            : fields.Required("groupName") is { } name ? ReadMatching(name, "spec.target.groupName", AwsGroupName(), 255, "an AWS Auto Scaling group name (no ':')") : null;
        var credentials = fields.Optional("credentials") is { } c
            ? ReadCredentials(c, tencent)
            : tencent ? EnvironmentCredentials.TencentDefault : EnvironmentCredentials.AwsDefault;
        Uri? endpoint = null;
        if (fields.Optional("endpoint") is { } e && ReadNonEmptyString(e, "spec.target.endpoint") is { } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query))
            {
                endpoint = uri;
            }
            else
            {
                Error(e, "spec.target.endpoint", $"\"{text}\" is not an absolute http(s) URL without a query");
            }
        }

        if (region is null || group is null || credentials is null || (fields.Has("endpoint") && endpoint is null))
        {
            return null;
        }

        return TargetRef.ForGroup(kind, new VmGroupRef(region, group, credentials, endpoint));
    }

    /// <summary>
    /// Tencent: <c>{ secretIdEnv, secretKeyEnv, tokenEnv? }</c> or <c>{ file }</c>. AWS: <c>{ accessKeyIdEnv,
    /// secretAccessKeyEnv, sessionTokenEnv? }</c> or <c>{ profile?, file? }</c>. A key that holds a secret inline
    /// is refused where it stands, with the field to use instead.
    /// </summary>
    private CloudCredentialsSpec? ReadCredentials(YamlNode node, bool tencent)
    {
        if (node is YamlMapping mapping)
        {
            foreach (var (key, _) in mapping.Entries.Where(e => InlineSecrets.Contains(e.Key.Value)))
            {
                Error(key, $"{CredentialsPath}.{key.Value}", tencent
                    ? "inline secrets are not allowed in a policy; name environment variables (secretIdEnv, secretKeyEnv, tokenEnv) or a file"
                    : "inline secrets are not allowed in a policy; name environment variables (accessKeyIdEnv, secretAccessKeyEnv, sessionTokenEnv) or a profile and file");
            }
        }

        // Keys are checked here (an inline secret gets its own message), so the catalog check is off; reads are
        // still recorded for the catalog coverage test.
        if (Fields(node, CredentialsPath, null, consumedAs: CredentialsPath) is not { } f)
        {
            return null;
        }

        var allowed = tencent ? ["secretIdEnv", "secretKeyEnv", "tokenEnv", "file"] : new[] { "accessKeyIdEnv", "secretAccessKeyEnv", "sessionTokenEnv", "profile", "file" };
        foreach (var (key, value) in f.All.Where(p => !InlineSecrets.Contains(p.Key) && !allowed.Contains(p.Key)))
        {
            Error(f.Node.Entries.First(e => e.Key.Value == key).Key, $"{CredentialsPath}.{key}", UnknownField(key, allowed.ToHashSet(StringComparer.Ordinal)));
        }

        var (idKey, secretKey, tokenKey) = tencent ? ("secretIdEnv", "secretKeyEnv", "tokenEnv") : ("accessKeyIdEnv", "secretAccessKeyEnv", "sessionTokenEnv");
        string? Variable(string key) => f.Optional(key) is { } v ? ReadSecretReference(v, $"{CredentialsPath}.{key}", SecretReference.VariableNameProblem) : null;

        var usesEnvironment = f.Has(idKey) || f.Has(secretKey) || f.Has(tokenKey);
        var usesFile = f.Has("file") || f.Has("profile");
        if (usesEnvironment && usesFile)
        {
            Error(f.Node, CredentialsPath, $"either environment variables ({idKey}, {secretKey}) or a file, not both");
            return null;
        }

        if (usesEnvironment)
        {
            var id = f.Required(idKey) is not null ? Variable(idKey) : null;
            var secret = f.Required(secretKey) is not null ? Variable(secretKey) : null;
            var token = Variable(tokenKey);
            return id is null || secret is null || (f.Has(tokenKey) && token is null) ? null : new EnvironmentCredentials(id, secret, token);
        }

        if (tencent ? f.Required("file") is not null : usesFile)
        {
            var file = f.Optional("file") is { } p ? ReadSecretReference(p, $"{CredentialsPath}.file", SecretReference.PathProblem) : null;
            var profile = f.Optional("profile") is { } pr ? ReadSecretReference(pr, $"{CredentialsPath}.profile", SecretReference.PathProblem) : null;
            return (f.Has("file") && file is null) || (f.Has("profile") && profile is null) ? null : new FileCredentials(file, profile);
        }

        if (!tencent)
        {
            Error(f.Node, CredentialsPath, "needs accessKeyIdEnv and secretAccessKeyEnv, or a profile and/or file");
        }

        return null;
    }

    /// <summary>
    /// A field that names where a secret lives. Its value is never quoted, whatever it is (a key pasted there must not
    /// reach a terminal or a log): a scalar of any YAML type is checked as written by <paramref name="problem"/>.
    /// </summary>
    private string? ReadSecretReference(YamlNode node, string path, Func<string, string?> problem)
    {
        if (node is not YamlScalar scalar || scalar.Type == YamlScalarType.Null)
        {
            Error(node, path, $"expected a name, found {(node is YamlScalar ? "null" : node is YamlMapping ? "a mapping" : "a sequence")}");
            return null;
        }

        if (problem(scalar.Value) is { } reason)
        {
            Error(node, path, reason);
            return null;
        }

        return scalar.Value;
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex CloudRegion();

    [GeneratedRegex("^asg-[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TencentGroupId();

    [GeneratedRegex("^[^:\\s][^:]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsGroupName();
}
