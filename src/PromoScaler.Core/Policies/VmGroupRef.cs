namespace PromoScaler.Core.Policies;

/// <summary>
/// A cloud VM auto scaling group: <c>spec.target</c> of kind <see cref="TargetKind.TencentCloudAutoScalingGroup"/>
/// (<c>groupId</c>) or <see cref="TargetKind.AwsAutoScalingGroup"/> (<c>groupName</c>).
/// </summary>
/// <param name="Region">The provider's region, e.g. <c>ap-guangzhou</c>, <c>us-east-1</c>.</param>
/// <param name="Group">The Tencent group ID (<c>asg-...</c>) or the AWS group name.</param>
/// <param name="Credentials">Where the API keys come from (never the keys themselves).</param>
/// <param name="Endpoint">An endpoint override (a private endpoint, a test server); null: the provider's public endpoint for the region.</param>
public sealed record VmGroupRef(string Region, string Group, CloudCredentialsSpec Credentials, Uri? Endpoint = null);

/// <summary>Where a VM group's API keys are read from, each time they are needed (so rotated keys take effect).</summary>
public abstract record CloudCredentialsSpec;

/// <summary>Keys in environment variables, named by the policy.</summary>
/// <param name="IdVariable">Holds the key ID (Tencent SecretId, AWS access key ID).</param>
/// <param name="SecretVariable">Holds the secret (Tencent SecretKey, AWS secret access key).</param>
/// <param name="TokenVariable">Holds a session token for temporary keys; optional (null: none is sent).</param>
public sealed record EnvironmentCredentials(string IdVariable, string SecretVariable, string? TokenVariable) : CloudCredentialsSpec
{
    /// <summary>Tencent Cloud's standard variables (as its CLI and Terraform provider read them).</summary>
    public static EnvironmentCredentials TencentDefault { get; } =
        new("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN");

    /// <summary>AWS's standard variables.</summary>
    public static EnvironmentCredentials AwsDefault { get; } = new("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
}

/// <summary>
/// Keys in an INI file: for Tencent Cloud <c>secret_id</c> / <c>secret_key</c> (optional <c>token</c>), at the top
/// or in <c>[default]</c>; for AWS the shared credentials file's <c>[Profile]</c> section
/// (<c>aws_access_key_id</c>, <c>aws_secret_access_key</c>, optional <c>aws_session_token</c>).
/// </summary>
/// <param name="Path">The file; null for AWS: <c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>.</param>
/// <param name="Profile">The AWS profile; null: <c>AWS_PROFILE</c>, else <c>default</c>. Not used for Tencent.</param>
public sealed record FileCredentials(string? Path, string? Profile) : CloudCredentialsSpec;
