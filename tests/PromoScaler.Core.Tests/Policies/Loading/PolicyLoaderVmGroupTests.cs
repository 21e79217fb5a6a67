using PromoScaler.Cloud;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>The VM group target kinds: region, group, credentials (names of where keys live, never keys) and endpoint.</summary>
public sealed class PolicyLoaderVmGroupTests
{
    private static string Policy(string target) => PolicyYaml.Policy().Replace(
        "  target: { kind: Deployment, namespace: shop, name: api }", "  target:\n" + string.Join('\n', target.Split('\n').Select(l => "    " + l)), StringComparison.Ordinal);

    private static TargetRef Loaded(string target)
    {
        var result = PolicyLoader.LoadText("p.yaml", Policy(target), TestPaths.Now);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Assert.Single(result.Policies).Spec.Target;
    }

    private static List<string> Errors(string target)
    {
        var result = PolicyLoader.LoadText("p.yaml", Policy(target), TestPaths.Now);
        Assert.False(result.Succeeded);
        return result.Errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void LoadText_TencentGroupWithEnvironmentCredentials_ReadsEveryField()
    {
        var target = Loaded("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: asg-web01\n"
            + "credentials: { secretIdEnv: TC_ID, secretKeyEnv: TC_KEY, tokenEnv: TC_TOKEN }\nendpoint: https://as.internal.example/");

        Assert.Equal(CloudTargetKinds.Tencent.Kind, target.Kind);
        Assert.Equal(new VmGroupRef("ap-guangzhou", "asg-web01", new EnvironmentCredentials("TC_ID", "TC_KEY", "TC_TOKEN"), new Uri("https://as.internal.example/")), target.Group);
        Assert.Equal("TencentCloudAutoScalingGroup/ap-guangzhou/asg-web01", target.Key);
    }

    [Fact]
    public void LoadText_TencentGroupWithFile_ReadsThePath()
    {
        var target = Loaded("kind: TencentCloudAutoScalingGroup\nregion: ap-shanghai\ngroupId: asg-a1\ncredentials: { file: /etc/tc/credential }");

        Assert.Equal(new FileCredentials("/etc/tc/credential", null), target.Group!.Credentials);
    }

    [Fact]
    public void LoadText_GroupWithoutCredentials_UsesTheProvidersStandardVariables()
    {
        Assert.Equal(CloudTargetKinds.Aws.Credentials.Default, Loaded("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: web-asg").Group!.Credentials);
        Assert.Equal(CloudTargetKinds.Tencent.Credentials.Default, Loaded("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: asg-x").Group!.Credentials);
    }

    [Fact]
    public void LoadText_AwsGroupWithProfile_ReadsProfileAndFile()
    {
        var target = Loaded("kind: AwsAutoScalingGroup\nregion: eu-west-1\ngroupName: Web ASG 2\ncredentials: { profile: promo, file: /creds }");

        Assert.Equal(new VmGroupRef("eu-west-1", "Web ASG 2", new FileCredentials("/creds", "promo")), target.Group);
    }

    [Fact]
    public void LoadText_AwsGroupWithEnvironment_TokenOptional()
    {
        var target = Loaded("kind: AwsAutoScalingGroup\nregion: us-west-2\ngroupName: w\ncredentials: { accessKeyIdEnv: KEY, secretAccessKeyEnv: SECRET }");

        Assert.Equal(new EnvironmentCredentials("KEY", "SECRET", null), target.Group!.Credentials);
    }

    [Theory]
    [InlineData("secretId: AKIDabc\nsecretKeyEnv: K", "p.yaml:11:7 spec.target.credentials.secretId: inline secrets are not allowed in a policy; name environment variables (secretIdEnv, secretKeyEnv, tokenEnv) or a file")]
    [InlineData("secretIdEnv: I\nsecretKeyEnv: K\ntoken: t", "p.yaml:13:7 spec.target.credentials.token: inline secrets are not allowed in a policy; name environment variables (secretIdEnv, secretKeyEnv, tokenEnv) or a file")]
    public void LoadText_TencentInlineSecret_ErrorAtItsLine(string credentials, string expected)
    {
        var errors = Errors("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: asg-x\ncredentials:\n" + Indent(credentials));

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void LoadText_AwsInlineSecrets_EachAnErrorAtItsLine()
    {
        var errors = Errors("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: w\ncredentials:\n"
            + Indent("accessKeyId: AKIA0000\nsecretAccessKey: abc\nsessionToken: t"));

        Assert.Equal(3, errors.Count(e => e.Contains("inline secrets are not allowed", StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.StartsWith("p.yaml:12:7 spec.target.credentials.secretAccessKey:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou", "spec.target.groupId: required field is missing")]
    [InlineData("kind: AwsAutoScalingGroup\ngroupName: w", "spec.target.region: required field is missing")]
    [InlineData("kind: TencentCloudAutoScalingGroup\nregion: Guangzhou\ngroupId: asg-x", "spec.target.region: \"Guangzhou\" is not a cloud region such as ap-guangzhou or us-east-1")]
    [InlineData("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: web", "spec.target.groupId: \"web\" is not a Tencent Cloud group ID (asg-...)")]
    [InlineData("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: a:b", "spec.target.groupName: \"a:b\" is not an AWS Auto Scaling group name (no ':')")]
    [InlineData("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: w\ngroupId: asg-x", "spec.target.groupId: does not apply to kind AwsAutoScalingGroup")]
    [InlineData("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: asg-x\nnamespace: shop", "spec.target.namespace: does not apply to kind TencentCloudAutoScalingGroup")]
    [InlineData("kind: Deployment\nnamespace: shop\nname: api\nregion: us-east-1", "spec.target.region: applies only to the VM group kinds (TencentCloudAutoScalingGroup, AwsAutoScalingGroup)")]
    [InlineData("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: w\nendpoint: ftp://x", "spec.target.endpoint: \"ftp://x\" is not an absolute http(s) URL without a query")]
    [InlineData("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: w\ncredentials: { accessKeyIdEnv: A }", "spec.target.credentials.secretAccessKeyEnv: required field is missing")]
    [InlineData("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: w\ncredentials: { accessKeyIdEnv: A, secretAccessKeyEnv: B, profile: p }", "spec.target.credentials: either environment variables (accessKeyIdEnv, secretAccessKeyEnv) or a file, not both")]
    [InlineData("kind: AwsAutoScalingGroup\nregion: us-east-1\ngroupName: w\ncredentials: { accessKeyIdEnv: 1A, secretAccessKeyEnv: B }", "spec.target.credentials.accessKeyIdEnv: is not the name of an environment variable: upper-case letters, digits and _, not starting with a digit, at most 64 characters (the value is not shown, in case it is a secret)")]
    [InlineData("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: asg-x\ncredentials: { profile: p }", "spec.target.credentials.profile: unknown field \"profile\"")]
    [InlineData("kind: TencentCloudAutoScalingGroup\nregion: ap-guangzhou\ngroupId: asg-x\ncredentials: { secretIdEnvv: A }", "spec.target.credentials.secretIdEnvv: unknown field \"secretIdEnvv\" (did you mean \"secretIdEnv\"?)")]
    public void LoadText_VmGroupRuleBroken_ReportsIt(string target, string expected)
    {
        Assert.Contains(Errors(target), e => e.EndsWith(expected, StringComparison.Ordinal));
    }

    private static string Indent(string lines) => string.Join('\n', lines.Split('\n').Select(l => "  " + l));
}
