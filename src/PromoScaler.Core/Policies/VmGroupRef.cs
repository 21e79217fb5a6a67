namespace PromoScaler.Core.Policies;

/// <summary>
/// A cloud VM auto scaling group: <c>spec.target</c> of a VM group kind an adapter registered (<see cref="VmGroupKind"/>).
/// </summary>
/// <param name="Region">The provider's region, e.g. <c>ap-guangzhou</c>, <c>us-east-1</c>.</param>
/// <param name="Group">The group's ID or name, in the provider's own form.</param>
/// <param name="Credentials">Where the API keys come from (never the keys themselves).</param>
/// <param name="Endpoint">An endpoint override (a private endpoint, a test server); null: the provider's public endpoint for the region.</param>
public sealed record VmGroupRef(string Region, string Group, CloudCredentialsSpec Credentials, Uri? Endpoint = null);

/// <summary>Where a VM group's API keys are read from, each time they are needed (so rotated keys take effect).</summary>
public abstract record CloudCredentialsSpec;

/// <summary>Keys in environment variables, named by the policy.</summary>
/// <param name="IdVariable">Holds the key ID.</param>
/// <param name="SecretVariable">Holds the secret.</param>
/// <param name="TokenVariable">Holds a session token for temporary keys; optional (null: none is sent).</param>
public sealed record EnvironmentCredentials(string IdVariable, string SecretVariable, string? TokenVariable) : CloudCredentialsSpec;

/// <summary>
/// Keys in an INI file, in the provider's own layout (its adapter reads it): the file, and for providers with
/// profiles, the profile.
/// </summary>
/// <param name="Path">The file; null: the provider's default file.</param>
/// <param name="Profile">The profile, for providers that have them; null: the provider's default.</param>
public sealed record FileCredentials(string? Path, string? Profile) : CloudCredentialsSpec;
