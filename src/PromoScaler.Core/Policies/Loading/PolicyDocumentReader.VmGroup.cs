using System.Text.RegularExpressions;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// <c>spec.target</c> of the cloud VM group kinds their adapters registered (<see cref="TargetKinds"/>): region, group,
/// credentials (never the keys) and an optional endpoint, read alike for every kind and worded from its description.
/// </summary>
internal sealed partial class PolicyDocumentReader
{
    private const string CredentialsPath = "spec.target.credentials";

    private static readonly string[] KubernetesTargetFields = ["namespace", "name", "apiVersion", "resource"];

    /// <summary>Keys that would put a secret in the policy file itself, for any registered kind; each is an error at its own line.</summary>
    private static HashSet<string> InlineSecrets() =>
        new(TargetKinds.VmGroups.SelectMany(k => k.Credentials.InlineSecrets), StringComparer.OrdinalIgnoreCase);

    private TargetRef? ReadVmGroupTarget(MappingFields fields, VmGroupKind kind)
    {
        var otherGroupFields = TargetKinds.VmGroups.Select(k => k.Group.Key).Where(key => key != kind.Group.Key).Distinct();
        foreach (var extra in KubernetesTargetFields.Concat(otherGroupFields))
        {
            if (fields.Optional(extra) is { } x)
            {
                Error(x, $"spec.target.{extra}", $"does not apply to kind {kind.Name}");
            }
        }

        var region = fields.Required("region") is { } r
            ? ReadMatching(r, "spec.target.region", CloudRegion(), 63, "a cloud region such as ap-guangzhou or us-east-1")
            : null;
        var field = kind.Group;
        var group = fields.Required(field.Key) is { } g ? ReadMatching(g, $"spec.target.{field.Key}", field.Pattern, field.MaxLength, field.Description) : null;
        var credentials = fields.Optional("credentials") is { } c
            ? ReadCredentials(c, kind.Credentials)
            : kind.Credentials.Default;
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

        return TargetRef.ForGroup(kind.Kind, new VmGroupRef(region, group, credentials, endpoint));
    }

    /// <summary>
    /// The kind's variable fields (<c>{ idEnv, secretEnv, tokenEnv? }</c>) or <c>{ file }</c> (<c>{ profile?, file? }</c>
    /// for a provider with profiles). A key that holds a secret inline is refused where it stands, with the fields to
    /// use instead.
    /// </summary>
    private CloudCredentialsSpec? ReadCredentials(YamlNode node, VmGroupCredentialFields kind)
    {
        var inline = InlineSecrets();
        if (node is YamlMapping mapping)
        {
            foreach (var (key, _) in mapping.Entries.Where(e => inline.Contains(e.Key.Value)))
            {
                Error(key, $"{CredentialsPath}.{key.Value}",
                    $"inline secrets are not allowed in a policy; name environment variables ({kind.IdVariable}, {kind.SecretVariable}, {kind.TokenVariable}) or a {(kind.Profiles ? "profile and file" : "file")}");
            }
        }

        // Keys are checked here (an inline secret gets its own message), so the catalog check is off; reads are
        // still recorded for the catalog coverage test.
        if (Fields(node, CredentialsPath, null, consumedAs: CredentialsPath) is not { } f)
        {
            return null;
        }

        var allowed = kind.Keys;
        foreach (var (key, value) in f.All.Where(p => !inline.Contains(p.Key) && !allowed.Contains(p.Key)))
        {
            Error(f.Node.Entries.First(e => e.Key.Value == key).Key, $"{CredentialsPath}.{key}", UnknownField(key, allowed.ToHashSet(StringComparer.Ordinal)));
        }

        var (idKey, secretKey, tokenKey) = (kind.IdVariable, kind.SecretVariable, kind.TokenVariable);
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

        // Without profiles the file is the only other source, so it is required; with them, either may be defaulted.
        if (kind.Profiles ? usesFile : f.Required("file") is not null)
        {
            var file = f.Optional("file") is { } p ? ReadSecretReference(p, $"{CredentialsPath}.file", SecretReference.PathProblem) : null;
            var profile = f.Optional("profile") is { } pr ? ReadSecretReference(pr, $"{CredentialsPath}.profile", SecretReference.PathProblem) : null;
            return (f.Has("file") && file is null) || (f.Has("profile") && profile is null) ? null : new FileCredentials(file, profile);
        }

        if (kind.Profiles)
        {
            Error(f.Node, CredentialsPath, $"needs {idKey} and {secretKey}, or a profile and/or file");
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
}
