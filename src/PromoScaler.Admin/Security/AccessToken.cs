namespace PromoScaler.Admin.Security;

/// <summary>One entry of the token file: who, with which role, and the SHA-256 of the secret (never the secret).</summary>
/// <param name="Name">The caller's name: the owner of what it changes and the actor in the audit log.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Sha256">The 32-byte SHA-256 of the token's UTF-8 text.</param>
public sealed record AccessToken(string Name, TokenRole Role, ReadOnlyMemory<byte> Sha256);
