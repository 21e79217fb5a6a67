using System.Security.Cryptography;
using System.Text;

namespace PromoScaler.Cloud.Signing;

/// <summary>The SHA-256 and HMAC-SHA256 steps both providers' signatures are built from, in lowercase hex.</summary>
internal static class SigningHashes
{
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    /// <summary>
    /// The key chain both signatures share: HMAC(prefix + secret, date), then each scope part in turn, then the
    /// terminator (<c>tc3_request</c>, <c>aws4_request</c>).
    /// </summary>
    public static byte[] DeriveKey(string prefixedSecret, IEnumerable<string> scope)
    {
        var key = Encoding.UTF8.GetBytes(prefixedSecret);
        foreach (var part in scope)
        {
            key = Hmac(key, part);
        }

        return key;
    }
}
