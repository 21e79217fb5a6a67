using PromoScaler.Core.Policies;

namespace PromoScaler.Cloud.Credentials;

/// <summary>The process environment as the resolver sees it, injectable so tests need not set real variables.</summary>
/// <param name="Variable">Reads one environment variable (null when unset).</param>
/// <param name="HomeDirectory">The user's home directory, for <c>~/.aws/credentials</c>.</param>
public sealed record CloudEnvironment(Func<string, string?> Variable, string HomeDirectory)
{
    /// <summary>The real process environment.</summary>
    public static CloudEnvironment Process { get; } = new(
        Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}

/// <summary>Which provider's file layout and key names to read.</summary>
public enum CloudProvider
{
    Tencent,
    Aws,
}

/// <summary>
/// Reads a policy's <see cref="CloudCredentialsSpec"/> when a call needs it. Problems name the variable, file or
/// profile at fault and never a value; a file that cannot be read is a problem, not an exception.
/// </summary>
public sealed class CredentialResolver(CloudEnvironment environment)
{
    public CredentialResolution Resolve(CloudCredentialsSpec spec, CloudProvider provider) => spec switch
    {
        EnvironmentCredentials env => FromEnvironment(env),
        FileCredentials file when provider == CloudProvider.Aws => FromAwsFile(file),
        FileCredentials file => FromTencentFile(file),
        _ => CredentialResolution.Failed($"unsupported credentials {spec.GetType().Name}"),
    };

    private CredentialResolution FromEnvironment(EnvironmentCredentials env)
    {
        var source = $"environment {Named(env.IdVariable)}/{Named(env.SecretVariable)}" + (env.TokenVariable is null ? "" : $"/{Named(env.TokenVariable)}");
        var missing = new[] { env.IdVariable, env.SecretVariable }.Where(v => string.IsNullOrEmpty(environment.Variable(v))).Select(Named).ToList();
        if (missing.Count > 0)
        {
            return CredentialResolution.Failed($"{source}: {string.Join(" and ", missing)} not set");
        }

        var token = env.TokenVariable is null ? null : environment.Variable(env.TokenVariable);
        return CredentialResolution.Of(new CloudCredentials(
            environment.Variable(env.IdVariable)!, environment.Variable(env.SecretVariable)!, string.IsNullOrEmpty(token) ? null : token, source));
    }

    private static CredentialResolution FromTencentFile(FileCredentials file)
    {
        if (file.Path is null)
        {
            return CredentialResolution.Failed("Tencent Cloud credentials file: no path given");
        }

        var source = $"file {file.Path}";
        if (Read(file.Path, out var problem) is not { } sections)
        {
            return CredentialResolution.Failed($"{source}: {problem}");
        }

        // Tencent's credential files put the keys at the top; a [default] section is accepted too.
        var keys = sections[""].ContainsKey("secret_id") || !sections.TryGetValue("default", out var byDefault) ? sections[""] : byDefault;
        return Pick(keys, source, "secret_id", "secret_key", "token");
    }

    private CredentialResolution FromAwsFile(FileCredentials file)
    {
        var path = file.Path
            ?? NonEmpty(environment.Variable("AWS_SHARED_CREDENTIALS_FILE"))
            ?? Path.Combine(environment.HomeDirectory, ".aws", "credentials");
        var profile = file.Profile ?? NonEmpty(environment.Variable("AWS_PROFILE")) ?? "default";
        var source = $"file {path} profile {profile}";
        if (Read(path, out var problem) is not { } sections)
        {
            return CredentialResolution.Failed($"{source}: {problem}");
        }

        return sections.TryGetValue(profile, out var keys)
            ? Pick(keys, source, "aws_access_key_id", "aws_secret_access_key", "aws_session_token")
            : CredentialResolution.Failed($"{source}: no [{profile}] section");
    }

    private static CredentialResolution Pick(Dictionary<string, string> keys, string source, string idKey, string secretKey, string tokenKey)
    {
        var missing = new[] { idKey, secretKey }.Where(k => string.IsNullOrEmpty(keys.GetValueOrDefault(k))).ToList();
        if (missing.Count > 0)
        {
            return CredentialResolution.Failed($"{source}: {string.Join(" and ", missing)} missing");
        }

        return CredentialResolution.Of(new CloudCredentials(keys[idKey], keys[secretKey], NonEmpty(keys.GetValueOrDefault(tokenKey)), source));
    }

    private static Dictionary<string, Dictionary<string, string>>? Read(string path, out string problem)
    {
        problem = "";
        if (Core.IO.RegularFile.Problem(path) is { } notAFile)
        {
            problem = notAFile;
            return null;
        }

        try
        {
            return IniFile.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = "not found";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot be read ({ex.GetType().Name})";
        }

        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// A variable as messages name it. The policy loader refuses a name that is not one (a key pasted in its
    /// place); a spec built otherwise still never puts such a value in a message, a log or the API's reasons.
    /// </summary>
    private static string Named(string variable) =>
        SecretReference.VariableNameProblem(variable) is null ? variable : "(a variable whose name is not shown: it is not a valid name and may be a secret)";
}
