using System.Text.RegularExpressions;

namespace PromoScaler.Core.Policies;

/// <summary>
/// A cloud VM group target kind, as its adapter describes it to the policy loader: the name of the kind, the field
/// naming the group, and the credential fields. The loader reads every VM group kind the same way (region, group,
/// credentials, endpoint) and words its messages from this description.
/// </summary>
/// <param name="Name">The <c>spec.target.kind</c> name.</param>
/// <param name="Group">The field that names the group.</param>
/// <param name="Credentials">The <c>spec.target.credentials</c> fields.</param>
public sealed record VmGroupKind(string Name, VmGroupField Group, VmGroupCredentialFields Credentials)
{
    /// <summary>The kind as a target's <see cref="TargetRef.Kind"/>.</summary>
    public TargetKind Kind => new(Name);
}

/// <summary>The field of <c>spec.target</c> that names the group (<c>groupId</c>, <c>groupName</c>, ...).</summary>
/// <param name="Key">The field.</param>
/// <param name="Pattern">What a valid value matches.</param>
/// <param name="MaxLength">The longest valid value.</param>
/// <param name="Description">What a valid value is, for the message when it does not match.</param>
public sealed record VmGroupField(string Key, Regex Pattern, int MaxLength, string Description);

/// <summary>
/// The <c>spec.target.credentials</c> fields of a kind: three that name environment variables (key ID, secret, optional
/// token) or a <c>file</c>, plus a <c>profile</c> when the provider's file has profiles.
/// </summary>
/// <param name="IdVariable">The field naming the key ID's variable.</param>
/// <param name="SecretVariable">The field naming the secret's variable.</param>
/// <param name="TokenVariable">The field naming the session token's variable.</param>
/// <param name="Profiles">
/// The provider's file has profiles: <c>profile</c> is accepted, and a file or profile may be left to the provider's
/// defaults. Without profiles, <c>file</c> is required when no variables are named.
/// </param>
/// <param name="Default">The credentials when the policy names none (the provider's standard variables).</param>
/// <param name="InlineSecrets">Keys that would hold a secret itself (each refused where it stands).</param>
public sealed record VmGroupCredentialFields(
    string IdVariable,
    string SecretVariable,
    string TokenVariable,
    bool Profiles,
    EnvironmentCredentials Default,
    IReadOnlyList<string> InlineSecrets)
{
    /// <summary>Every key accepted, in the order messages list them.</summary>
    public IReadOnlyList<string> Keys => Profiles
        ? [IdVariable, SecretVariable, TokenVariable, "profile", "file"]
        : [IdVariable, SecretVariable, TokenVariable, "file"];
}
