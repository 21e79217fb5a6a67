using System.Security.Cryptography;
using System.Text;

namespace PromoScaler.Admin.Security;

/// <summary>
/// Tells which token a presented secret is. The secret is hashed once and compared with every stored hash in
/// constant time, without stopping at a match, so the time taken says nothing about which entry or how many bytes
/// matched.
/// </summary>
public sealed class TokenVerifier
{
    private readonly IReadOnlyList<AccessToken> _tokens;

    public TokenVerifier(IReadOnlyList<AccessToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = tokens;
    }

    /// <summary>The token whose hash is the SHA-256 of <paramref name="secret"/>; null when none.</summary>
    public AccessToken? Verify(ReadOnlySpan<char> secret)
    {
        var byteCount = Encoding.UTF8.GetByteCount(secret);
        var bytes = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(secret, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        CryptographicOperations.ZeroMemory(bytes);

        AccessToken? found = null;
        foreach (var token in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, token.Sha256.Span))
            {
                found = token;
            }
        }

        return found;
    }
}
