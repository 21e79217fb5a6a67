using System.Text.RegularExpressions;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cloud;

/// <summary>
/// The target kinds this adapter serves, as the policy loader reads them: a Tencent Cloud Auto Scaling group
/// (<c>groupId</c>) and an AWS EC2 Auto Scaling group (<c>groupName</c>). <see cref="Register"/> adds them to the
/// loader; every host that loads policies calls it (the daemon through <c>AddCloudScaleTargets</c>, the CLI before
/// it loads a file).
/// </summary>
public static partial class CloudTargetKinds
{
    // Any provider's inline key fields are refused in every VM group policy, whichever kind it names.
    private static readonly string[] InlineSecrets =
    [
        "secretId", "secretKey", "token", "secret_id", "secret_key",
        "accessKeyId", "secretAccessKey", "sessionToken", "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
    ];

    /// <summary>A Tencent Cloud Auto Scaling group: PromoScaler writes its desired capacity.</summary>
    public static VmGroupKind Tencent { get; } = new(
        "TencentCloudAutoScalingGroup",
        new VmGroupField("groupId", TencentGroupId(), 64, "a Tencent Cloud group ID (asg-...)"),
        new VmGroupCredentialFields(
            "secretIdEnv", "secretKeyEnv", "tokenEnv", Profiles: false,
            // Tencent Cloud's standard variables (as its CLI and Terraform provider read them).
            new EnvironmentCredentials("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"),
            InlineSecrets));

    /// <summary>An AWS EC2 Auto Scaling group: PromoScaler writes its desired capacity.</summary>
    public static VmGroupKind Aws { get; } = new(
        "AwsAutoScalingGroup",
        new VmGroupField("groupName", AwsGroupName(), 255, "an AWS Auto Scaling group name (no ':')"),
        new VmGroupCredentialFields(
            "accessKeyIdEnv", "secretAccessKeyEnv", "sessionTokenEnv", Profiles: true,
            new EnvironmentCredentials("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
            InlineSecrets));

    /// <summary>Registers <see cref="Tencent"/> and <see cref="Aws"/> with the policy loader (idempotent).</summary>
    public static void Register()
    {
        TargetKinds.Register(Tencent);
        TargetKinds.Register(Aws);
    }

    [GeneratedRegex("^asg-[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TencentGroupId();

    [GeneratedRegex("^[^:\\s][^:]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsGroupName();
}
