using System.Text;

namespace PromoScaler.Cloud.Credentials;

/// <summary>A resolved key pair. Printing it shows where it came from and the key ID, never the secret or the token.</summary>
/// <param name="KeyId">Tencent SecretId or AWS access key ID.</param>
/// <param name="Secret">Tencent SecretKey or AWS secret access key.</param>
/// <param name="Token">Session token of temporary keys, or null.</param>
/// <param name="Source">Where they were read, for messages (e.g. <c>environment TC_ID/TC_KEY</c>).</param>
public sealed record CloudCredentials(string KeyId, string Secret, string? Token, string Source)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Source = ").Append(Source).Append(", KeyId = ").Append(KeyId);
        return true;
    }
}

/// <summary>The result of reading credentials: the keys, or why they could not be read (naming the source, never a value).</summary>
public sealed record CredentialResolution(CloudCredentials? Credentials, string? Problem)
{
    public static CredentialResolution Of(CloudCredentials credentials) => new(credentials, null);

    public static CredentialResolution Failed(string problem) => new(null, problem);
}
