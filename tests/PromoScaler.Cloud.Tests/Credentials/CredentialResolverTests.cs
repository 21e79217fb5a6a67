using PromoScaler.Cloud.Credentials;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cloud.Tests.Credentials;

public sealed class CredentialResolverTests : IDisposable
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly string _home = Directory.CreateTempSubdirectory("promoscaler-home-").FullName;
    private readonly CredentialResolver _resolver;

    public CredentialResolverTests() => _resolver = new CredentialResolver(new CloudEnvironment(n => _variables.GetValueOrDefault(n), _home));

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Resolve_EnvironmentWithToken_ReadsAllThree()
    {
        _variables["TC_ID"] = "id";
        _variables["TC_KEY"] = "key";
        _variables["TC_TOKEN"] = "token";

        var resolved = _resolver.Resolve(new EnvironmentCredentials("TC_ID", "TC_KEY", "TC_TOKEN"), CloudProvider.Tencent);

        Assert.Equal(new CloudCredentials("id", "key", "token", "environment TC_ID/TC_KEY/TC_TOKEN"), resolved.Credentials);
    }

    [Fact]
    public void Resolve_EnvironmentTokenUnset_NoToken()
    {
        _variables["AWS_ACCESS_KEY_ID"] = "id";
        _variables["AWS_SECRET_ACCESS_KEY"] = "secret";

        Assert.Null(_resolver.Resolve(CloudTargetKinds.Aws.Credentials.Default, CloudProvider.Aws).Credentials!.Token);
    }

    [Fact]
    public void Resolve_EnvironmentMissingBoth_NamesBothVariables()
    {
        var resolved = _resolver.Resolve(CloudTargetKinds.Aws.Credentials.Default, CloudProvider.Aws);

        Assert.Null(resolved.Credentials);
        Assert.Equal(
            "environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set", resolved.Problem);
    }

    [Fact]
    public void Resolve_TencentFile_ReadsTopLevelKeys()
    {
        var path = Write("tc.ini", "# written by the CLI\nsecret_id = AKIDx\nsecret_key = sk\n");

        var resolved = _resolver.Resolve(new FileCredentials(path, null), CloudProvider.Tencent);

        Assert.Equal(new CloudCredentials("AKIDx", "sk", null, $"file {path}"), resolved.Credentials);
    }

    [Fact]
    public void Resolve_TencentFileDefaultSection_ReadsItsKeys()
    {
        var path = Write("tc.ini", "[default]\nsecret_id=AKIDy\nsecret_key=sk2\ntoken=t\n");

        Assert.Equal(new CloudCredentials("AKIDy", "sk2", "t", $"file {path}"), _resolver.Resolve(new FileCredentials(path, null), CloudProvider.Tencent).Credentials);
    }

    [Fact]
    public void Resolve_TencentFileWithoutKey_NamesTheMissingKey()
    {
        var path = Write("tc.ini", "secret_id = AKIDx\n");

        Assert.Equal($"file {path}: secret_key missing", _resolver.Resolve(new FileCredentials(path, null), CloudProvider.Tencent).Problem);
    }

    [Fact]
    public void Resolve_MissingFile_SaysNotFound()
    {
        var path = Path.Combine(_home, "absent.ini");

        Assert.Equal($"file {path}: not found", _resolver.Resolve(new FileCredentials(path, null), CloudProvider.Tencent).Problem);
    }

    [Fact]
    public void Resolve_AwsNoPathNoProfile_ReadsDefaultProfileOfHomeFile()
    {
        var path = Write(".aws/credentials", "[default]\naws_access_key_id = AKIDd\naws_secret_access_key = s\naws_session_token = tok\n");

        var resolved = _resolver.Resolve(new FileCredentials(null, null), CloudProvider.Aws);

        Assert.Equal(new CloudCredentials("AKIDd", "s", "tok", $"file {path} profile default"), resolved.Credentials);
    }

    [Fact]
    public void Resolve_AwsEnvironmentPicksFileAndProfile()
    {
        var path = Write("elsewhere/creds", "[ci]\naws_access_key_id = AKIDci\naws_secret_access_key = s\n");
        _variables["AWS_SHARED_CREDENTIALS_FILE"] = path;
        _variables["AWS_PROFILE"] = "ci";

        Assert.Equal("AKIDci", _resolver.Resolve(new FileCredentials(null, null), CloudProvider.Aws).Credentials!.KeyId);
    }

    [Fact]
    public void Resolve_AwsUnknownProfile_NamesIt()
    {
        var path = Write("creds", "[default]\naws_access_key_id = a\naws_secret_access_key = b\n");

        Assert.Equal($"file {path} profile prod: no [prod] section", _resolver.Resolve(new FileCredentials(path, "prod"), CloudProvider.Aws).Problem);
    }

    [Fact]
    public void ToString_NeverShowsTheSecretOrToken()
    {
        var text = new CloudCredentials("AKIDshown", "hidden-secret", "hidden-token", "environment X/Y").ToString();

        Assert.Contains("AKIDshown", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", text, StringComparison.Ordinal);
    }
}
