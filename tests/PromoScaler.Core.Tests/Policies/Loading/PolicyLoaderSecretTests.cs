using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>A key pasted where the name of its variable or file belongs is refused, and no message ever shows it.</summary>
public sealed class PolicyLoaderSecretTests
{
    // AWS' documented example keys, and keys of the same shapes.
    public static TheoryData<string, string> Secrets => new()
    {
        { "secretAccessKeyEnv", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "secretAccessKeyEnv", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY" },
        { "accessKeyIdEnv", "AKIAIOSFODNN7EXAMPLE" },
        { "sessionTokenEnv", "FQOGZXIvYXdzEJr1K7MDENGbPxRfiCYEXAMPLEKEY9a8b7c6d5e4f3g2h1" },
        { "accessKeyIdEnv", "A1B2C3D4E5F6G7H8I9J0K1L2" },
        { "accessKeyIdEnv", "12345678901234567890" },
    };

    private static string Policy(string key, string value)
    {
        var other = key == "accessKeyIdEnv" ? "secretAccessKeyEnv: AWS_SECRET_ACCESS_KEY" : "accessKeyIdEnv: AWS_ACCESS_KEY_ID";
        var extra = key == "sessionTokenEnv" ? ", secretAccessKeyEnv: AWS_SECRET_ACCESS_KEY" : "";
        return PolicyYaml.Policy().Replace(
            "  target: { kind: Deployment, namespace: shop, name: api }",
            $"  target:\n    kind: AwsAutoScalingGroup\n    region: us-east-1\n    groupName: web\n    credentials: {{ {key}: '{value}', {other}{extra} }}",
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void LoadText_KeyWhereItsVariableNameBelongs_RefusedAndNeverQuoted(string field, string secret)
    {
        var result = PolicyLoader.LoadText("p.yaml", Policy(field, secret), TestPaths.Now);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"spec.target.credentials.{field}", error.Path);
        foreach (var message in result.Diagnostics.Select(d => d.ToString()))
        {
            AssertNoPartOf(secret, message);
        }
    }

    [Theory]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    public void LoadText_KeyWhereTheCredentialsFileBelongs_RefusedAndNeverQuoted(string secret)
    {
        var yaml = PolicyYaml.Policy().Replace(
            "  target: { kind: Deployment, namespace: shop, name: api }",
            $"  target:\n    kind: AwsAutoScalingGroup\n    region: us-east-1\n    groupName: web\n    credentials: {{ file: '{secret}' }}",
            StringComparison.Ordinal);

        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now);

        Assert.Equal("spec.target.credentials.file", Assert.Single(result.Errors).Path);
        AssertNoPartOf(secret, Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("PROD_EU_WEST_1_ASG_SECRET_KEY_2")]
    [InlineData("_TOKEN")]
    public void VariableNameProblem_ConventionalNames_Accepted(string name) => Assert.Null(SecretReference.VariableNameProblem(name));

    [Theory]
    [InlineData("/etc/promoscaler/aws-credentials")]
    [InlineData("/var/run/secrets/Tencent2Cloud/Credentials1")]
    [InlineData("credentials.ini")]
    [InlineData("~/.aws/credentials")]
    [InlineData("Alice2/credentials")]
    public void PathProblem_RealPaths_Accepted(string path) => Assert.Null(SecretReference.PathProblem(path));

    [Theory]
    [InlineData("aws_secret_key")]
    [InlineData("1A")]
    [InlineData("A-B")]
    public void VariableNameProblem_NotAName_RefusedWithoutTheValue(string name)
    {
        var problem = SecretReference.VariableNameProblem(name);

        Assert.NotNull(problem);
        Assert.DoesNotContain(name, problem, StringComparison.Ordinal);
    }

    /// <summary>No 6-character run of the secret appears in <paramref name="message"/>.</summary>
    internal static void AssertNoPartOf(string secret, string message)
    {
        for (var i = 0; i + 6 <= secret.Length; i++)
        {
            Assert.DoesNotContain(secret.Substring(i, 6), message, StringComparison.Ordinal);
        }
    }
}
